import { requireOwner } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";
import { workspaceNameSchema } from "@/lib/workspaces/schemas";
import { createWorkspace, listWorkspaces } from "@/lib/workspaces/workspaces";

// The caller's memberships are rows the caller owns: the owner scope checks the session in the
// statement that lists them.
export const GET = handleRoute(async (request) => {
  const owner = await requireOwner(request, { limit: "tasks-user" });
  return jsonNoStore({ items: await listWorkspaces(owner) });
});

export const POST = handleRoute(async (request) => {
  const owner = await requireOwner(request, { limit: "tasks-user" });
  const { name } = await readJson(request, workspaceNameSchema);
  const created = await createWorkspace(owner, name);
  return jsonNoStore(created, {
    status: 201,
    headers: { location: `/api/workspaces/${created.id}` },
  });
});

export const OPTIONS = corsPreflight;
