import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";
import { inviteByEmail, listInvitations } from "@/lib/workspaces/invitations";
import { inviteSchema } from "@/lib/workspaces/schemas";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  return jsonNoStore({ items: await listInvitations(scope) });
});

export const POST = handleRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  const input = await readJson(request, inviteSchema);
  return jsonNoStore(await inviteByEmail(scope, input), { status: 201 });
});

export const OPTIONS = corsPreflight;
