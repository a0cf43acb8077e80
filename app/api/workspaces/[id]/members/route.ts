import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";
import { listMembers } from "@/lib/workspaces/members";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  return jsonNoStore({ items: await listMembers(scope) });
});

export const OPTIONS = corsPreflight;
