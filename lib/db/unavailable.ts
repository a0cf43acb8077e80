import { errorChain } from "./error-chain";

/**
 * Whether an error means "the database cannot be reached right now" (refused, reset, timed
 * out, shutting down) rather than a bug: those answer 503 and the client may retry; the pool
 * reconnects by itself once the database is back. drizzle wraps driver errors in `cause`.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
]);
// SQLSTATE class 08 (connection exception) and 57P01-57P03 (server shutting down or starting).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;
const DRIVER_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|WebSocket/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const current of errorChain(error)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
      return true;
    if (DRIVER_MESSAGES.test(current.message)) return true;
  }
  return false;
}
