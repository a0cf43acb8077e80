import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid, taskStatsBody } from "@/lib/openapi/responses";
import { workspaceRefusals } from "@/lib/openapi/workspace-answers";
import { statsQuerySchema } from "@/lib/tasks/schemas";
import { getTaskStats } from "@/lib/tasks/stats";
import { IN_WORKSPACE } from "../../contract";

export const GET = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "Counts of the workspace's tasks in the caller's time zone",
    scope: "tasks:read",
    query: statsQuerySchema,
    responses: {
      200: { description: "The counts", body: taskStatsBody },
      400: invalid,
      ...workspaceRefusals,
    },
  },
  async ({ caller, params, query }) => jsonNoStore(await getTaskStats(caller.in(params), query.tz)),
);

export const OPTIONS = corsPreflight;
