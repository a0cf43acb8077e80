import { violatedConstraint } from "@/lib/db/constraint-violation";
import { unauthenticatedError } from "./bearer-challenge";
import { HttpError } from "./errors";
import { workspaceNotFound } from "./workspace-refusal";

/** Sign-up with an address that has an account (also the answer to a registration race). */
export function emailTaken(): HttpError {
  return new HttpError(409, "email_taken", "Email already registered", {
    fields: { email: ["Email already registered"] },
  });
}

/**
 * What a request that lost a race is told, by the constraint that stopped it. The row it needed
 * vanished or appeared between its check and its write: a second sign-up of one email (the
 * unique index decides, whatever Better Auth checked first), a refresh or sign-in whose
 * session or user was deleted meanwhile (signed out, account deleted): sign in again; a write
 * into a workspace deleted meanwhile: 404.
 */
const signInAgain = () => unauthenticatedError(false);
const ANSWERS: Record<string, () => HttpError> = {
  user_email_unique: emailTaken,
  refresh_token_session_id_session_id_fk: signInAgain,
  session_user_id_user_id_fk: signInAgain,
  account_user_id_user_id_fk: signInAgain,
  tasks_user_id_user_id_fk: signInAgain,
  security_event_user_id_user_id_fk: signInAgain,
  workspace_member_user_id_user_id_fk: signInAgain,
  workspace_invitation_invited_by_user_id_fk: signInAgain,
  // A write into a workspace deleted while it ran: gone, as for anyone outside it.
  tasks_workspace_id_workspace_id_fk: workspaceNotFound,
  workspace_member_workspace_id_workspace_id_fk: workspaceNotFound,
  workspace_invitation_workspace_id_workspace_id_fk: workspaceNotFound,
};

export function answerForConstraint(error: unknown): HttpError | undefined {
  const constraint = violatedConstraint(error);
  return constraint ? ANSWERS[constraint]?.() : undefined;
}
