import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid, taskStatsBody, unauthenticated } from "@/lib/openapi/responses";
import { requireTaskOwner } from "@/lib/tasks/http";
import { statsQuerySchema } from "@/lib/tasks/schemas";
import { getTaskStats } from "@/lib/tasks/stats";

export const GET = defineRoute(
  {
    tag: "Tasks",
    summary: "Counts of the caller's tasks in their time zone",
    auth: { user: requireTaskOwner },
    scope: "tasks:read",
    query: statsQuerySchema,
    responses: {
      200: { description: "The counts", body: taskStatsBody },
      400: invalid,
      401: unauthenticated,
    },
  },
  async ({ caller, query }) => jsonNoStore(await getTaskStats(caller, query.tz)),
);

export const OPTIONS = corsPreflight;
