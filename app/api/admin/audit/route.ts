import { recentAdminActions } from "@/lib/admin/audit";
import { requireAdmin } from "@/lib/admin/guard";
import { listAuditQuerySchema } from "@/lib/admin/schemas";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { adminAuditBody, invalid, notAdmin, unauthenticated } from "@/lib/openapi/responses";

export const GET = defineRoute(
  {
    tag: "Admin",
    summary: "The newest admin actions: who did what to whom, when",
    auth: { admin: requireAdmin },
    query: listAuditQuerySchema,
    responses: {
      200: { description: "The actions, newest first", body: adminAuditBody },
      400: invalid,
      401: unauthenticated,
      403: notAdmin,
    },
  },
  async ({ query }) => jsonNoStore({ items: await recentAdminActions(query.limit) }),
);

export const OPTIONS = corsPreflight;
