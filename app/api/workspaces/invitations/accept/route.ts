import { z } from "zod";
import { type AuthContext, requireUser } from "@/lib/auth/core/guard";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { error, invalid, limited, unauthenticated } from "@/lib/openapi/responses";
import { enforceRateLimit } from "@/lib/rate-limit/index";
import { acceptInvitation } from "@/lib/workspaces/invitations";
import { acceptInvitationSchema } from "@/lib/workspaces/schemas";

// The guard's one query reads the account's current address and whether it is proven, which
// the invitation must match.
async function requireInvitee(request: Request): Promise<AuthContext> {
  const context = await requireUser(request);
  await enforceRateLimit("tasks-user", context.user.id);
  return context;
}

export const POST = defineRoute(
  {
    tag: "Workspaces",
    summary: "Accept an invitation as the signed-in account of the invited, confirmed address",
    auth: { user: requireInvitee },
    body: acceptInvitationSchema,
    responses: {
      200: { description: "Joined", body: z.strictObject({ workspaceId: z.uuid() }) },
      400: invalid,
      401: unauthenticated,
      403: error("The account's address is another, or not confirmed yet: the link stays usable"),
      404: error("The link is unknown, expired, revoked or used"),
      429: limited,
    },
  },
  async ({ caller, body }) => jsonNoStore(await acceptInvitation(caller, body.token)),
);

export const OPTIONS = corsPreflight;
