import { errorChain } from "./error-chain";

// SQLSTATE 40P01 (deadlock_detected) and 40001 (serialization_failure): PostgreSQL aborted the
// statement to settle a conflict with another one; nothing of it happened, and the same work
// tried again normally succeeds.
const CONFLICT_SQLSTATE = new Set(["40P01", "40001"]);

/** Whether PostgreSQL aborted the statement to break a deadlock or a serialization conflict. */
export function isTransientConflict(error: unknown): boolean {
  for (const current of errorChain(error)) {
    const { code } = current as { code?: unknown };
    if (typeof code === "string" && CONFLICT_SQLSTATE.has(code)) return true;
  }
  return false;
}
