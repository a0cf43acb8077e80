import { revokeOtherSessions } from "@/lib/auth/account/sessions";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";

export const POST = handleRoute(async (request) => {
  const context = await requireUser(request);
  return jsonNoStore({ revoked: await revokeOtherSessions(context) });
});

export const OPTIONS = corsPreflight;
