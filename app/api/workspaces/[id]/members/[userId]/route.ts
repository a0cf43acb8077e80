import { z } from "zod";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { invalid } from "@/lib/openapi/responses";
import { conflict, done, forbidden, workspaceRefusals } from "@/lib/openapi/workspace-answers";
import { changeRole, removeMember } from "@/lib/workspaces/members";
import { changeRoleSchema } from "@/lib/workspaces/schemas";
import { IN_WORKSPACE } from "../../../contract";

const member = { ...IN_WORKSPACE, params: IN_WORKSPACE.params.extend({ userId: z.string() }) };

export const PATCH = defineRoute(
  {
    ...member,
    summary: "Change a member's role (owner, admin; only an owner touches ownership)",
    body: changeRoleSchema,
    responses: { 204: done, 400: invalid, 403: forbidden, 409: conflict, ...workspaceRefusals },
  },
  async ({ caller, params, body }) => {
    await changeRole(caller.in(params), params.userId, body.role);
    return noContent();
  },
);

export const DELETE = defineRoute(
  {
    ...member,
    summary: "Remove a member (owner, admin); their next request is 404",
    responses: { 204: done, 403: forbidden, 409: conflict, ...workspaceRefusals },
  },
  async ({ caller, params }) => {
    await removeMember(caller.in(params), params.userId);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
