import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readQuery } from "@/lib/http/read-query";
import { jsonNoStore } from "@/lib/http/responses";
import { requireTaskUser } from "@/lib/tasks/http";
import { statsQuerySchema } from "@/lib/tasks/schemas";
import { getTaskStats } from "@/lib/tasks/stats";

export const GET = handleRoute(async (request) => {
  const { user } = await requireTaskUser(request);
  const { tz } = readQuery(request, statsQuerySchema);
  return jsonNoStore(await getTaskStats(user.id, tz));
});

export const OPTIONS = corsPreflight;
