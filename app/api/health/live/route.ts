import { jsonNoStore } from "@/lib/http/responses";

// Liveness: the process answers. No database, no Redis, no environment: a platform restarts an
// instance that fails this, and must not restart every instance because a dependency is down
// (that is what the readiness check at /api/health reports).
export const dynamic = "force-dynamic";

export function GET() {
  return jsonNoStore({ status: "ok" });
}
