import { errorChain } from "./error-chain";

/** SQLSTATE raised by `active_session_user` (drizzle/0003) when a token's session has ended. */
const SESSION_ENDED = "TF401";

/**
 * Whether a statement failed because the session it ran for has ended: an owner scope made from
 * an access token checks its session inside each statement (lib/auth/core/owner-scope.ts).
 */
export function isSessionEnded(error: unknown): boolean {
  for (const current of errorChain(error)) {
    if ((current as { code?: unknown }).code === SESSION_ENDED) return true;
  }
  return false;
}
