import { getAdminStats } from "@/lib/admin/users";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";

export const GET = handleRoute(async (request) => {
  await requireUser(request, { role: "admin" });
  return jsonNoStore(await getAdminStats());
});

export const OPTIONS = corsPreflight;
