import { errorChain } from "@/lib/db/error-chain";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";

export const workspaceNotFound = () => new HttpError(404, "not_found", "Workspace not found");
export const roleForbids = () =>
  new HttpError(403, "forbidden", "Your role in this workspace does not allow this");

/** SQLSTATEs raised by `workspace_access` (drizzle/0010), with their answers. */
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

/** `handleRoute` for workspace routes: a refused workspace check is a 404 or a 403. */
export function handleWorkspaceRoute<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return handleRoute(async (request, ...args) => {
    try {
      return await handler(request, ...args);
    } catch (error) {
      throw workspaceRefusal(error) ?? error;
    }
  });
}
