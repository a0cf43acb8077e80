import { errorChain } from "./error-chain";

/**
 * The constraint a statement violated, when that is why it failed: SQLSTATE 23505 (unique) or
 * 23503 (foreign key), with the constraint's name as drizzle/ created it. Two requests racing
 * each other end this way (two sign-ups of one email, a refresh while the account is deleted):
 * an answer to the client, not a bug.
 */
export function violatedConstraint(error: unknown): string | undefined {
  for (const current of errorChain(error)) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if ((code === "23505" || code === "23503") && typeof constraint === "string") return constraint;
  }
  return undefined;
}
