import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { items, memberBody, workspaceRefusals } from "@/lib/openapi/workspace-answers";
import { listMembers } from "@/lib/workspaces/members";
import { IN_WORKSPACE } from "../../contract";

export const GET = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "The members and their roles",
    responses: {
      200: { description: "The members", body: items(memberBody) },
      ...workspaceRefusals,
    },
  },
  async ({ caller, params }) => jsonNoStore({ items: await listMembers(caller.in(params)) }),
);

export const OPTIONS = corsPreflight;
