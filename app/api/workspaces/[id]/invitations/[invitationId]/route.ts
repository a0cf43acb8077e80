import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { noContent } from "@/lib/http/responses";
import { revokeInvitation } from "@/lib/workspaces/invitations";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string; invitationId: string }> };

/** Revokes the invitation: its link stops working at once. */
export const DELETE = handleRoute(async (request, { params }: Context) => {
  const { id, invitationId } = await params;
  await revokeInvitation(await requireWorkspace(request, { id }), invitationId);
  return noContent();
});

export const OPTIONS = corsPreflight;
