import { corsPreflight } from "@/lib/http/cors";
import { noContent } from "@/lib/http/responses";
import { resendInvitation } from "@/lib/workspaces/invitations";
import { handleWorkspaceRoute } from "@/lib/workspaces/refusals";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string; invitationId: string }> };

/** Mails a new link (the previous one stops working) and restarts the invitation's lifetime. */
export const POST = handleWorkspaceRoute(async (request, { params }: Context) => {
  const { id, invitationId } = await params;
  await resendInvitation(await requireWorkspace(request, { id }), invitationId);
  return noContent();
});

export const OPTIONS = corsPreflight;
