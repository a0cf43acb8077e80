import { recentAdminActions } from "@/lib/admin/audit";
import { listAuditQuerySchema } from "@/lib/admin/schemas";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readQuery } from "@/lib/http/read-query";
import { jsonNoStore } from "@/lib/http/responses";

export const GET = handleRoute(async (request) => {
  await requireUser(request, { role: "admin" });
  const { limit } = readQuery(request, listAuditQuerySchema);
  return jsonNoStore({ items: await recentAdminActions(limit) });
});

export const OPTIONS = corsPreflight;
