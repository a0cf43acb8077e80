import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";

export const GET = handleRoute(async (request) => {
  const { user } = await requireUser(request);
  return jsonNoStore({ user });
});

export const OPTIONS = corsPreflight;
