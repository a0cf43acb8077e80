import { requireUser } from "@/lib/auth/guard";
import { handleRoute } from "@/lib/http/handle-route";
import { readQuery } from "@/lib/http/read-query";
import { jsonNoStore } from "@/lib/http/responses";
import { statsQuerySchema } from "@/lib/tasks/schemas";
import { getTaskStats } from "@/lib/tasks/stats";

export const GET = handleRoute(async (request) => {
  const { user } = await requireUser(request);
  const { tz } = readQuery(request, statsQuerySchema);
  return jsonNoStore(await getTaskStats(user.id, tz));
});
