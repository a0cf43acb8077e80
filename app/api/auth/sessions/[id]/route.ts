import { revokeSession } from "@/lib/auth/account/sessions";
import { requireUser } from "@/lib/auth/core/guard";
import { withClearedTokenCookies } from "@/lib/auth/tokens/cookies";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { noContent } from "@/lib/http/responses";

type Params = { params: Promise<{ id: string }> };

// Revoking the session the request is made with signs this browser out: its cookies go too.
export const DELETE = handleRoute(async (request, { params }: Params) => {
  const context = await requireUser(request);
  const { id } = await params;
  await revokeSession(context, id);
  return id === context.sessionId ? withClearedTokenCookies(noContent()) : noContent();
});

export const OPTIONS = corsPreflight;
