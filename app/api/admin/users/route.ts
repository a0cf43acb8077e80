import { listUsersQuerySchema } from "@/lib/admin/schemas";
import { listUsers } from "@/lib/admin/users";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readQuery } from "@/lib/http/read-query";
import { jsonNoStore } from "@/lib/http/responses";

export const GET = handleRoute(async (request) => {
  await requireUser(request, { role: "admin" });
  return jsonNoStore(await listUsers(readQuery(request, listUsersQuerySchema)));
});

export const OPTIONS = corsPreflight;
