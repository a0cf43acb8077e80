import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { invalid } from "@/lib/openapi/responses";
import { conflict, done, forbidden, workspaceRefusals } from "@/lib/openapi/workspace-answers";
import { transferOwnership } from "@/lib/workspaces/members";
import { transferSchema } from "@/lib/workspaces/schemas";
import { IN_WORKSPACE } from "../../contract";

export const POST = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "Make another member the owner; the caller stays as an admin (owner)",
    body: transferSchema,
    responses: { 204: done, 400: invalid, 403: forbidden, 409: conflict, ...workspaceRefusals },
  },
  async ({ caller, params, body }) => {
    await transferOwnership(caller.in(params), body.userId);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
