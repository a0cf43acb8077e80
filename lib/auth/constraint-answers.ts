import { violatedConstraint } from "@/lib/db/constraint-violation";
import type { HttpError } from "@/lib/http/errors";
import { emailTaken } from "./credentials";
import { unauthenticated } from "./guard";

/**
 * What a request that lost a race is told, by the constraint that stopped it. The row it needed
 * vanished or appeared between its check and its write: a second sign-up of one email (the
 * unique index decides, whatever Better Auth checked first), or a refresh or sign-in whose
 * session or user was deleted meanwhile (signed out, account deleted).
 */
const ANSWERS: Record<string, (headers: Headers) => HttpError> = {
  user_email_unique: emailTaken,
  refresh_token_session_id_session_id_fk: unauthenticated,
  session_user_id_user_id_fk: unauthenticated,
  account_user_id_user_id_fk: unauthenticated,
  tasks_user_id_user_id_fk: unauthenticated,
  security_event_user_id_user_id_fk: unauthenticated,
};

export function answerForConstraint(error: unknown, headers: Headers): HttpError | undefined {
  const constraint = violatedConstraint(error);
  return constraint ? ANSWERS[constraint]?.(headers) : undefined;
}
