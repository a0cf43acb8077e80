import { updateUserRoleSchema } from "@/lib/admin/schemas";
import { setUserRole } from "@/lib/admin/users";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";

type Context = { params: Promise<{ id: string }> };

export const PATCH = handleRoute(async (request, { params }: Context) => {
  await requireUser(request, { role: "admin" });
  const change = await readJson(request, updateUserRoleSchema);
  return jsonNoStore(await setUserRole((await params).id, change));
});

export const OPTIONS = corsPreflight;
