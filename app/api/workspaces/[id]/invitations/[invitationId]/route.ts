import { corsPreflight } from "@/lib/http/cors";
import { noContent } from "@/lib/http/responses";
import { revokeInvitation } from "@/lib/workspaces/invitations";
import { handleWorkspaceRoute } from "@/lib/workspaces/refusals";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string; invitationId: string }> };

/** Revokes the invitation: its link stops working at once. */
export const DELETE = handleWorkspaceRoute(async (request, { params }: Context) => {
  const { id, invitationId } = await params;
  await revokeInvitation(await requireWorkspace(request, { id }), invitationId);
  return noContent();
});

export const OPTIONS = corsPreflight;
