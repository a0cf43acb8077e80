import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { noContent } from "@/lib/http/responses";
import { transferOwnership } from "@/lib/workspaces/members";
import { transferSchema } from "@/lib/workspaces/schemas";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string }> };

export const POST = handleRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  const { userId } = await readJson(request, transferSchema);
  await transferOwnership(scope, userId);
  return noContent();
});

export const OPTIONS = corsPreflight;
