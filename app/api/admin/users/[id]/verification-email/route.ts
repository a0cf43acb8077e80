import { resendVerification } from "@/lib/admin/users";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";

type Context = { params: Promise<{ id: string }> };

export const POST = handleRoute(async (request, { params }: Context) => {
  const { user } = await requireUser(request, { role: "admin" });
  await resendVerification(user, (await params).id);
  return jsonNoStore({ ok: true }, { status: 202 });
});

export const OPTIONS = corsPreflight;
