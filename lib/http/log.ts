import { carriesDataException } from "@/lib/db/data-exception";

/**
 * Structured logs: one JSON object per line, on stdout/stderr, for the host's log drain.
 *
 * Request lines carry exactly the fields of `RequestLogEntry`, never a header, body, cookie or
 * query string, so a password, token or reset link cannot reach the log through them. Paths
 * are logged with opaque token-like segments replaced (Better Auth's reset link carries its
 * token in the path: /api/auth/reset-password/<token>).
 */
type Level = "info" | "warn" | "error";
type Fields = Record<string, string | number | boolean | null | undefined>;

export function logEvent(level: Level, event: string, fields: Fields = {}): void {
  const line =
    process.env.NODE_ENV === "development"
      ? readableLine(level, event, fields)
      : JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.info(line);
}

/**
 * `npm run dev`'s terminal is read by a person: one short line, the same fields, no JSON.
 * A request reads `POST /api/tasks 201 12 ms`; any other event its name and its fields.
 */
function readableLine(level: Level, event: string, fields: Fields): string {
  const words =
    event === "request"
      ? [fields.method, fields.path, fields.status, `${fields.durationMs} ms`]
      : [
          event,
          ...Object.entries(fields)
            .filter(([, value]) => value !== undefined && value !== null)
            .map(([name, value]) => `${name}=${value}`),
        ];
  return (level === "info" ? words : [level.toUpperCase(), ...words]).join(" ");
}

/**
 * An error as one log field: its name and the first line of its message, and of its cause's.
 * Later lines can carry values: drizzle appends "params: ..." (emails, token hashes) to a
 * failed query's message, so they never reach the log.
 */
export function describeError(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : undefined;
  const described = firstLine(error) + (cause === undefined ? "" : ` (cause: ${firstLine(cause)})`);
  return described.slice(0, 500);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = text.split("\n", 1)[0] ?? "";
  // PostgreSQL's data exceptions (SQLSTATE class 22) quote the offending input in the message:
  // `invalid input syntax for type integer: "<what the user typed>"`.
  return carriesDataException(error) ? line.replace(/"[^"]*"/g, '"…"') : line;
}

/** Better Auth's `logger.log`: its lines as ours, any error in them through describeError. */
export function logBetterAuth(level: Level | "debug", message: string, ...args: unknown[]): void {
  const error = args.find((arg) => arg instanceof Error);
  logEvent(level === "debug" ? "info" : level, "better_auth", {
    message: firstLine(message),
    error: error === undefined ? undefined : describeError(error),
  });
}

/** What instrumentation.ts `onRequestError` hands on: the request and where it was routed. */
export type FailedRequest = {
  request: Readonly<{ path: string; method: string; headers: Record<string, unknown> }>;
  context: Readonly<{ routePath: string; routeType: string }>;
};

/**
 * An error thrown outside handleRoute (a page loading its data, a server action), logged as
 * handleRoute logs one: `unhandled_error`, the request id (the proxy gives every page
 * request one, also sent as X-Request-Id), the path without its query, describeError.
 */
export function logRequestError(error: unknown, { request, context }: FailedRequest): void {
  const requestId = request.headers["x-request-id"];
  const digest = error instanceof Error ? (error as { digest?: unknown }).digest : undefined;
  logEvent("error", "unhandled_error", {
    requestId: typeof requestId === "string" ? requestId : undefined,
    method: request.method,
    path: loggablePath(new URL(request.path, "http://path.invalid").href),
    route: context.routePath,
    routeType: context.routeType,
    digest: typeof digest === "string" ? digest : undefined,
    error: describeError(error),
  });
}

/**
 * `next start` prints every error a page throws itself, before and after onRequestError, with
 * console.error and util.inspect: the whole message, every own field, the cause. A failed
 * drizzle query carries its `params` there (the user's search words, ids) and the driver's
 * details. Wrapped around console.error (instrumentation.ts), this prints an Error as its first
 * line, its stack frames and its digest (the reference the error page shows) only.
 */
export function withErrorsScrubbed(write: (...args: unknown[]) => void) {
  return (...args: unknown[]) =>
    write(...args.map((arg) => (arg instanceof Error ? scrubbed(arg) : arg)));
}

function scrubbed(error: Error): Error {
  // firstLine is "Name: message", values of data exceptions already blanked.
  const copy = new Error(firstLine(error).slice(error.name.length + 2));
  copy.name = error.name;
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  copy.stack = [`${copy.name}: ${copy.message}`, ...frames].join("\n");
  const { digest } = error as { digest?: unknown };
  if (typeof digest === "string") Object.assign(copy, { digest });
  return copy;
}

export type RequestLogEntry = {
  requestId: string;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  userId: string | null;
};

export function logRequest({
  requestId,
  method,
  url,
  status,
  durationMs,
  userId,
}: RequestLogEntry) {
  logEvent("info", "request", {
    requestId,
    method,
    path: loggablePath(url),
    status,
    durationMs: Math.round(durationMs),
    userId,
  });
}

// Path segments of 16+ characters are redacted unless they are plainly words ("request-
// password-reset") or a UUID (a record id, not a credential): tokens, JWT parts and base64url
// values never survive.
const WORDS = /^[a-z]+(-[a-z]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isLoggableSegment = (segment: string) =>
  segment.length < 16 || WORDS.test(segment) || UUID.test(segment);

/** The URL's path without its query string, secret-looking segments replaced. */
export function loggablePath(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return "(unparseable)";
  }
  return pathname
    .split("/")
    .map((segment) => (isLoggableSegment(segment) ? segment : ":redacted"))
    .join("/");
}

// Users are attached to the request they were authenticated on, so the one line written when
// the response leaves can name them without the handler passing anything around.
const usersByRequest = new WeakMap<Request, string>();

export function noteRequestUser(request: Request, userId: string): void {
  usersByRequest.set(request, userId);
}

export function requestUser(request: Request): string | null {
  return usersByRequest.get(request) ?? null;
}

/** Runs `write` at most once per `intervalMs`: for warnings that would otherwise flood. */
export function throttled(intervalMs: number, now: () => number = () => Date.now()) {
  let last = Number.NEGATIVE_INFINITY;
  return (write: () => void) => {
    const at = now();
    if (at - last < intervalMs) return;
    last = at;
    write();
  };
}
