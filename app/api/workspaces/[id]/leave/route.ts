import { corsPreflight } from "@/lib/http/cors";
import { noContent } from "@/lib/http/responses";
import { leaveWorkspace } from "@/lib/workspaces/members";
import { handleWorkspaceRoute } from "@/lib/workspaces/refusals";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string }> };

export const POST = handleWorkspaceRoute(async (request, { params }: Context) => {
  await leaveWorkspace(await requireWorkspace(request, await params));
  return noContent();
});

export const OPTIONS = corsPreflight;
