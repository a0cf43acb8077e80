import type { ErrorBody } from "@/lib/http/errors";

/**
 * A refused API call, as the browser code sees it: the server's `{ error: { code, message,
 * fields } }` (or Better Auth's own `{ code, message }`), plus when a 429 may be retried.
 * Forms show `message` above the fields and `fields[name]` under each one.
 */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
    /** Seconds until a 429 may be retried, from Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type BetterAuthErrorBody = { code?: string; message?: string };

export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as
    | Partial<ErrorBody>
    | BetterAuthErrorBody
    | null;
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
  if (response.status === 429) {
    return new ApiError(
      429,
      "rate_limited",
      tooManyAttempts(retryAfterSeconds),
      {},
      retryAfterSeconds,
    );
  }
  if (body && "error" in body && body.error) {
    const { code, message, fields } = body.error;
    return new ApiError(response.status, code, message, fields);
  }
  const plain = body as BetterAuthErrorBody | null;
  return new ApiError(
    response.status,
    plain?.code ?? `http_${response.status}`,
    plain?.message ?? fallbackMessage(response.status),
  );
}

export const networkError = () =>
  new ApiError(0, "network_error", "Can’t reach the server. Check your connection and try again.");

function fallbackMessage(status: number): string {
  if (status >= 500) return "Something went wrong on our side. Please try again.";
  if (status === 401) return "Your session has ended. Sign in again.";
  if (status === 403) return "You don’t have access to that.";
  if (status === 404) return "That no longer exists.";
  return "That didn’t work. Please check and try again.";
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export function tooManyAttempts(seconds: number | undefined): string {
  if (seconds === undefined) return "Too many attempts. Please wait a moment and try again.";
  return `Too many attempts. Try again in ${formatWait(seconds)}.`;
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}
