import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readQuery } from "@/lib/http/read-query";
import { jsonNoStore } from "@/lib/http/responses";
import { requireTaskOwner } from "@/lib/tasks/http";
import { statsQuerySchema } from "@/lib/tasks/schemas";
import { getTaskStats } from "@/lib/tasks/stats";

export const GET = handleRoute(async (request) => {
  const owner = await requireTaskOwner(request);
  const { tz } = readQuery(request, statsQuerySchema);
  return jsonNoStore(await getTaskStats(owner, tz));
});

export const OPTIONS = corsPreflight;
