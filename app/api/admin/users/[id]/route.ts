import { deleteUserSchema, updateUserRoleSchema } from "@/lib/admin/schemas";
import { deleteUser, setUserRole } from "@/lib/admin/users";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";

type Context = { params: Promise<{ id: string }> };

export const PATCH = handleRoute(async (request, { params }: Context) => {
  const { user } = await requireUser(request, { role: "admin" });
  const change = await readJson(request, updateUserRoleSchema);
  return jsonNoStore(await setUserRole(user, (await params).id, change));
});

export const DELETE = handleRoute(async (request, { params }: Context) => {
  const { user } = await requireUser(request, { role: "admin" });
  const confirmation = await readJson(request, deleteUserSchema);
  await deleteUser(user, (await params).id, confirmation);
  return jsonNoStore({ ok: true });
});

export const OPTIONS = corsPreflight;
