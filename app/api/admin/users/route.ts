import { requireAdmin } from "@/lib/admin/guard";
import { listUsersQuerySchema } from "@/lib/admin/schemas";
import { listUsers } from "@/lib/admin/users";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { adminUserPageBody, notAdmin, unauthenticated } from "@/lib/openapi/responses";

export const GET = defineRoute(
  {
    tag: "Admin",
    summary: "Users newest first, or those whose email or name holds `q`, with task counts",
    auth: { admin: requireAdmin },
    query: listUsersQuerySchema,
    responses: {
      200: { description: "One page", body: adminUserPageBody },
      401: unauthenticated,
      403: notAdmin,
    },
  },
  async ({ query }) => jsonNoStore(await listUsers(query)),
);

export const OPTIONS = corsPreflight;
