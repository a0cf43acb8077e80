import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { done, forbiddenToInvite, workspaceRefusals } from "@/lib/openapi/workspace-answers";
import { resendInvitation } from "@/lib/workspaces/invitations";
import { ON_ONE_INVITATION } from "../../../../contract";

/** Mails a new link (the previous one stops working) and restarts the invitation's lifetime. */
export const POST = defineRoute(
  {
    ...ON_ONE_INVITATION,
    summary: "Mail a new link; the previous one stops working",
    responses: { 204: done, 403: forbiddenToInvite, ...workspaceRefusals },
  },
  async ({ caller, params }) => {
    await resendInvitation(caller.in(params), params.invitationId);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
