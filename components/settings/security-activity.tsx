import type { SecurityActivity as Activity } from "@/lib/auth/account/security-events";
import type { Json } from "@/lib/http/json";
import { RelativeTime } from "../ui/relative-time";

/** Settings → Security activity: the account's last 20 security events, newest first. */
export function SecurityActivity({ events }: { events: Json<Activity>[] }) {
  if (events.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing to show yet.</p>;
  }
  return (
    <ul aria-label="Security activity" className="divide-y divide-slate-200 dark:divide-slate-800">
      {events.map((event) => (
        <li key={event.id} className="py-2.5 text-sm first:pt-0 last:pb-0">
          <p className="font-medium">{event.label}</p>
          <p className="text-slate-600 dark:text-slate-400">
            <RelativeTime iso={event.createdAt} /> · {event.device}
            {event.ipAddress && ` · ${event.ipAddress}`}
          </p>
        </li>
      ))}
    </ul>
  );
}
