import { requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";
import { enforceRateLimit } from "@/lib/rate-limit/index";
import { acceptInvitation } from "@/lib/workspaces/invitations";
import { acceptInvitationSchema } from "@/lib/workspaces/schemas";

// The guard's one query reads the account's current address and whether it is proven, which
// the invitation must match.
export const POST = handleRoute(async (request) => {
  const context = await requireUser(request);
  await enforceRateLimit("tasks-user", context.user.id);
  const { token } = await readJson(request, acceptInvitationSchema);
  return jsonNoStore(await acceptInvitation(context, token));
});

export const OPTIONS = corsPreflight;
