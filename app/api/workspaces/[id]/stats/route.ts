import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readQuery } from "@/lib/http/read-query";
import { jsonNoStore } from "@/lib/http/responses";
import { statsQuerySchema } from "@/lib/tasks/schemas";
import { getTaskStats } from "@/lib/tasks/stats";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  const { tz } = readQuery(request, statsQuerySchema);
  return jsonNoStore(await getTaskStats(scope, tz));
});

export const OPTIONS = corsPreflight;
