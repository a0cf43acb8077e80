import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { assertCronRequest } from "@/lib/maintenance/cron-request";
import { pruneExpiredData } from "@/lib/maintenance/prune";
import { error, pruneReportBody } from "@/lib/openapi/responses";

// Vercel Cron (vercel.json `crons`) calls this daily with a GET. One invocation works for at most
// ~50 s of its 60; a backlog bigger than that is finished by the next days' runs.
export const maxDuration = 60;
const TIME_BUDGET_MS = 50_000;

export const GET = defineRoute(
  {
    tag: "Operations",
    summary:
      "Delete expired sessions, refresh tokens, verification rows, API keys and OAuth codes, self-registered apps nobody allowed, and old security events and admin actions",
    auth: { cron: assertCronRequest },
    responses: {
      200: { description: "What was deleted", body: pruneReportBody },
      401: error("Not the scheduled job (Authorization: Bearer $CRON_SECRET)"),
    },
  },
  async () => {
    const report = await pruneExpiredData(getDb(), {
      retentionDays: getEnv().SECURITY_EVENT_RETENTION_DAYS,
      timeBudgetMs: TIME_BUDGET_MS,
    });
    return jsonNoStore(report);
  },
);
