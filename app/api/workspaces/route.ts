import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { error, invalid, limited, unauthenticated } from "@/lib/openapi/responses";
import { items, workspaceBody } from "@/lib/openapi/workspace-answers";
import { requireTaskOwner } from "@/lib/tasks/http";
import { workspaceNameSchema } from "@/lib/workspaces/schemas";
import { createWorkspace, listWorkspaces } from "@/lib/workspaces/workspaces";

// The caller's memberships are rows the caller owns: the owner scope checks the session in the
// statement that lists them.
const mine = { tag: "Workspaces", auth: { user: requireTaskOwner } };

export const GET = defineRoute(
  {
    ...mine,
    summary: "The caller's workspaces, personal first, with the caller's role in each",
    responses: {
      200: { description: "The list", body: items(workspaceBody) },
      401: unauthenticated,
      429: limited,
    },
  },
  async ({ caller }) => jsonNoStore({ items: await listWorkspaces(caller) }),
);

export const POST = defineRoute(
  {
    ...mine,
    summary: "Create a workspace, with the caller as its owner",
    body: workspaceNameSchema,
    responses: {
      201: { description: "The workspace (Location)", body: workspaceBody },
      400: invalid,
      401: unauthenticated,
      403: error("The caller's address is not confirmed yet (`address_not_proven`)"),
      409: error("The caller owns as many workspaces as one may create"),
      429: limited,
    },
  },
  async ({ caller, body }) => {
    const created = await createWorkspace(caller, body.name);
    return jsonNoStore(created, {
      status: 201,
      headers: { location: `/api/workspaces/${created.id}` },
    });
  },
);

export const OPTIONS = corsPreflight;
