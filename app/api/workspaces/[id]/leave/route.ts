import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { conflict, done, workspaceRefusals } from "@/lib/openapi/workspace-answers";
import { leaveWorkspace } from "@/lib/workspaces/members";
import { IN_WORKSPACE } from "../../contract";

export const POST = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "Leave the workspace (not its last owner)",
    responses: { 204: done, 409: conflict, ...workspaceRefusals },
  },
  async ({ caller, params }) => {
    await leaveWorkspace(caller.in(params));
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
