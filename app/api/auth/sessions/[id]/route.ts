import { withClearedTokenCookies } from "@/lib/auth/cookies";
import { requireUser } from "@/lib/auth/guard";
import { revokeSession } from "@/lib/auth/sessions";
import { handleRoute } from "@/lib/http/handle-route";

type Params = { params: Promise<{ id: string }> };

// Revoking the session the request is made with signs this browser out: its cookies go too.
export const DELETE = handleRoute(async (request, { params }: Params) => {
  const context = await requireUser(request);
  const { id } = await params;
  await revokeSession(context, id);
  const response = new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  return id === context.sessionId ? withClearedTokenCookies(response) : response;
});
