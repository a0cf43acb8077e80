import { corsPreflight } from "@/lib/http/cors";
import { readJson } from "@/lib/http/read-json";
import { noContent } from "@/lib/http/responses";
import { transferOwnership } from "@/lib/workspaces/members";
import { handleWorkspaceRoute } from "@/lib/workspaces/refusals";
import { transferSchema } from "@/lib/workspaces/schemas";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string }> };

export const POST = handleWorkspaceRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  const { userId } = await readJson(request, transferSchema);
  await transferOwnership(scope, userId);
  return noContent();
});

export const OPTIONS = corsPreflight;
