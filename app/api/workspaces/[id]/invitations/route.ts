import { corsPreflight } from "@/lib/http/cors";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";
import { inviteByEmail, listInvitations } from "@/lib/workspaces/invitations";
import { handleWorkspaceRoute } from "@/lib/workspaces/refusals";
import { inviteSchema } from "@/lib/workspaces/schemas";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string }> };

export const GET = handleWorkspaceRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  return jsonNoStore({ items: await listInvitations(scope) });
});

export const POST = handleWorkspaceRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  const input = await readJson(request, inviteSchema);
  return jsonNoStore(await inviteByEmail(scope, input), { status: 201 });
});

export const OPTIONS = corsPreflight;
