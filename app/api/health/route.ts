import { isDatabaseHealthy } from "@/lib/db/health";
import { withContract } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { healthBody } from "@/lib/openapi/responses";
import { rateLimitStore } from "@/lib/rate-limit";

// Readiness: can this instance serve requests? The database decides (503 without it); where the
// rate limits are counted is reported beside it and never fails the check. Liveness, with no
// dependency at all, is /api/health/live.
export const GET = withContract(
  {
    tag: "Operations",
    summary: "Readiness: the database, and where rate limits are counted",
    responses: {
      200: { description: "Ready", body: healthBody },
      503: { description: "The database does not answer", body: healthBody },
    },
  },
  async () => {
    const [databaseHealthy, limits] = await Promise.all([isDatabaseHealthy(), rateLimitStore()]);
    if (databaseHealthy) return jsonNoStore({ status: "ok", db: "ok", ...limits });
    return jsonNoStore({ status: "error", db: "unavailable", ...limits }, { status: 503 });
  },
);
