import { errorChain } from "@/lib/db/error-chain";
import { HttpError } from "./errors";

export const workspaceNotFound = () => new HttpError(404, "not_found", "Workspace not found");
export const roleForbids = () =>
  new HttpError(403, "forbidden", "Your role in this workspace does not allow this");

/**
 * SQLSTATEs raised by `workspace_access` (drizzle/0010), which a workspace scope puts in each of
 * its statements (lib/workspaces/scope.ts): a workspace the caller is not a member of answers as
 * if it did not exist, a role the permission table does not allow is a 403.
 */
const ANSWERS: Record<string, () => HttpError> = {
  TF404: workspaceNotFound,
  TF403: roleForbids,
};

/** The answer to a statement the workspace check refused, if that is why it failed. */
export function workspaceRefusal(error: unknown): HttpError | undefined {
  for (const current of errorChain(error)) {
    const answer = ANSWERS[String((current as { code?: unknown }).code)];
    if (answer) return answer();
  }
  return undefined;
}
