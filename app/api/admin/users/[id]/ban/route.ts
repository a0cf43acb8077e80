import { banUserSchema } from "@/lib/admin/schemas";
import { disableUser, enableUser } from "@/lib/admin/users";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";

type Context = { params: Promise<{ id: string }> };

// Disable (POST, with a reason and an optional end) and enable (DELETE) an account.
export const POST = handleRoute(async (request, { params }: Context) => {
  const { user } = await requireUser(request, { role: "admin" });
  const ban = await readJson(request, banUserSchema);
  return jsonNoStore(await disableUser(user, (await params).id, ban));
});

export const DELETE = handleRoute(async (request, { params }: Context) => {
  const { user } = await requireUser(request, { role: "admin" });
  return jsonNoStore(await enableUser(user, (await params).id));
});

export const OPTIONS = corsPreflight;
