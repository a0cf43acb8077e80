import { formatWait } from "@/lib/client/api-error";

/** Under a rate-limited form's button: how long until it can be sent again. */
export function RetryHint({ seconds }: { seconds: number }) {
  if (seconds <= 0) return null;
  return (
    <p className="text-center text-sm text-slate-600 dark:text-slate-400">
      You can try again in {formatWait(seconds)}.
    </p>
  );
}
