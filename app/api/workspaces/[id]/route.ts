import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore, noContent } from "@/lib/http/responses";
import { deleteWorkspaceSchema, workspaceNameSchema } from "@/lib/workspaces/schemas";
import { requireWorkspace } from "@/lib/workspaces/scope";
import { deleteWorkspace, getWorkspace, renameWorkspace } from "@/lib/workspaces/workspaces";

// A workspace the caller is not a member of answers exactly like a missing one (404).
type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  return jsonNoStore(await getWorkspace(scope));
});

export const PATCH = handleRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  const { name } = await readJson(request, workspaceNameSchema);
  return jsonNoStore(await renameWorkspace(scope, name));
});

/** Deletes the workspace and its tasks; the body repeats its name (`confirmName`). */
export const DELETE = handleRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  const { confirmName } = await readJson(request, deleteWorkspaceSchema);
  await deleteWorkspace(scope, confirmName);
  return noContent();
});

export const OPTIONS = corsPreflight;
