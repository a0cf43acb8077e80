import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { noContent } from "@/lib/http/responses";
import { leaveWorkspace } from "@/lib/workspaces/members";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string }> };

export const POST = handleRoute(async (request, { params }: Context) => {
  await leaveWorkspace(await requireWorkspace(request, await params));
  return noContent();
});

export const OPTIONS = corsPreflight;
