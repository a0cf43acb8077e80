import { requireAdmin } from "@/lib/admin/guard";
import { getAdminStats } from "@/lib/admin/users";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { adminStatsBody, notAdmin, unauthenticated } from "@/lib/openapi/responses";

export const GET = defineRoute(
  {
    tag: "Admin",
    summary: "Site-wide counts",
    auth: { admin: requireAdmin },
    responses: {
      200: { description: "The counts", body: adminStatsBody },
      401: unauthenticated,
      403: notAdmin,
    },
  },
  async () => jsonNoStore(await getAdminStats()),
);

export const OPTIONS = corsPreflight;
