import { isDatabaseHealthy } from "@/lib/db/health";
import { jsonNoStore } from "@/lib/http/responses";
import { rateLimitStore } from "@/lib/rate-limit";

// Readiness: can this instance serve requests? The database decides (503 without it); where the
// rate limits are counted is reported beside it and never fails the check. Liveness, with no
// dependency at all, is /api/health/live.
export async function GET() {
  const [databaseHealthy, limits] = await Promise.all([isDatabaseHealthy(), rateLimitStore()]);
  if (databaseHealthy) return jsonNoStore({ status: "ok", db: "ok", ...limits });
  return jsonNoStore({ status: "error", db: "unavailable", ...limits }, { status: 503 });
}
