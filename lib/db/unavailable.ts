import { errorChain } from "./error-chain";

/**
 * Whether an error means "the database cannot be reached right now" (refused, reset, timed
 * out, shutting down) rather than a bug: those answer 503 and the client may retry; the pool
 * reconnects by itself once the database is back. drizzle wraps driver errors in `cause`.
 *
 * Only the driver's errors count: a socket's own failure names the system call that failed
 * (`syscall`), and an error from a request stream whose client hung up (Node's `aborted`, which
 * also says ECONNRESET) names none; counting it would let any client raise an outage alert.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
]);
// SQLSTATE class 08 (connection exception), 57014 (a statement cancelled by statement_timeout,
// lib/db/client.ts: the database is too slow to answer now) and 57P01-57P03 (server shutting
// down or starting).
const UNAVAILABLE_SQLSTATE = /^(08...|57014|57P0[123])$/;
// node-postgres's own words for a lost connection, a pool that could not connect in time and a
// query whose reply did not come back within query_timeout (lib/db/client.ts); Neon's socket is
// a WebSocket.
const DRIVER_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|WebSocket/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const current of errorChain(error)) {
    const { code, syscall } = current as { code?: unknown; syscall?: unknown };
    if (typeof code === "string" && UNAVAILABLE_SQLSTATE.test(code)) return true;
    if (typeof code === "string" && NETWORK_CODES.has(code) && typeof syscall === "string")
      return true;
    if (DRIVER_MESSAGES.test(current.message)) return true;
  }
  return false;
}
