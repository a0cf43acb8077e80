import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { done, forbidden, workspaceRefusals } from "@/lib/openapi/workspace-answers";
import { revokeInvitation } from "@/lib/workspaces/invitations";
import { ON_ONE_INVITATION } from "../../../contract";

export const DELETE = defineRoute(
  {
    ...ON_ONE_INVITATION,
    summary: "Revoke an invitation: its link stops working",
    responses: { 204: done, 403: forbidden, ...workspaceRefusals },
  },
  async ({ caller, params }) => {
    await revokeInvitation(caller.in(params), params.invitationId);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
