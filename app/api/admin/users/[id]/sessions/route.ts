import { endUserSessions } from "@/lib/admin/users";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";

type Context = { params: Promise<{ id: string }> };

export const DELETE = handleRoute(async (request, { params }: Context) => {
  const { user } = await requireUser(request, { role: "admin" });
  return jsonNoStore(await endUserSessions(user, (await params).id));
});

export const OPTIONS = corsPreflight;
