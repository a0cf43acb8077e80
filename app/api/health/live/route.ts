import { withContract } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { liveBody } from "@/lib/openapi/responses";

// Liveness: the process answers. No database, no Redis, no environment: a platform restarts an
// instance that fails this, and must not restart every instance because a dependency is down
// (that is what the readiness check at /api/health reports).
export const dynamic = "force-dynamic";

export const GET = withContract(
  {
    tag: "Operations",
    summary: "Liveness: the process answers (no dependency)",
    responses: { 200: { description: "Alive", body: liveBody } },
  },
  () => jsonNoStore({ status: "ok" }),
);
