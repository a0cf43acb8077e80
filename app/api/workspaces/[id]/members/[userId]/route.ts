import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { noContent } from "@/lib/http/responses";
import { changeRole, removeMember } from "@/lib/workspaces/members";
import { changeRoleSchema } from "@/lib/workspaces/schemas";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string; userId: string }> };

export const PATCH = handleRoute(async (request, { params }: Context) => {
  const { id, userId } = await params;
  const scope = await requireWorkspace(request, { id });
  const { role } = await readJson(request, changeRoleSchema);
  await changeRole(scope, userId, role);
  return noContent();
});

export const DELETE = handleRoute(async (request, { params }: Context) => {
  const { id, userId } = await params;
  await removeMember(await requireWorkspace(request, { id }), userId);
  return noContent();
});

export const OPTIONS = corsPreflight;
