import { listSessions } from "@/lib/auth/account/sessions";
import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";

export const GET = handleRoute(async (request) => {
  const context = await requireUser(request);
  return jsonNoStore({ sessions: await listSessions(context) });
});

export const OPTIONS = corsPreflight;
