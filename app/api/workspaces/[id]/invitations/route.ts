import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid } from "@/lib/openapi/responses";
import {
  conflict,
  forbidden,
  forbiddenToInvite,
  invitationBody,
  items,
  workspaceRefusals,
} from "@/lib/openapi/workspace-answers";
import { inviteByEmail, listInvitations } from "@/lib/workspaces/invitations";
import { inviteSchema } from "@/lib/workspaces/schemas";
import { IN_WORKSPACE } from "../../contract";

export const GET = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "Pending invitations (owner, admin); never their links",
    responses: {
      200: { description: "The invitations", body: items(invitationBody) },
      403: forbidden,
      ...workspaceRefusals,
    },
  },
  async ({ caller, params }) => jsonNoStore({ items: await listInvitations(caller.in(params)) }),
);

export const POST = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "Invite an address; the link is mailed, works once, for 7 days",
    body: inviteSchema,
    responses: {
      201: { description: "The invitation", body: invitationBody },
      400: invalid,
      403: forbiddenToInvite,
      409: conflict,
      ...workspaceRefusals,
    },
  },
  async ({ caller, params, body }) =>
    jsonNoStore(await inviteByEmail(caller.in(params), body), { status: 201 }),
);

export const OPTIONS = corsPreflight;
