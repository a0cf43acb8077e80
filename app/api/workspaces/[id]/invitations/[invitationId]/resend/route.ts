import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { noContent } from "@/lib/http/responses";
import { resendInvitation } from "@/lib/workspaces/invitations";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string; invitationId: string }> };

/** Mails a new link (the previous one stops working) and restarts the invitation's lifetime. */
export const POST = handleRoute(async (request, { params }: Context) => {
  const { id, invitationId } = await params;
  await resendInvitation(await requireWorkspace(request, { id }), invitationId);
  return noContent();
});

export const OPTIONS = corsPreflight;
