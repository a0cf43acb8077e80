import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore, noContent } from "@/lib/http/responses";
import { invalid } from "@/lib/openapi/responses";
import {
  conflict,
  done,
  forbidden,
  workspaceBody,
  workspaceRefusals,
} from "@/lib/openapi/workspace-answers";
import { deleteWorkspaceSchema, workspaceNameSchema } from "@/lib/workspaces/schemas";
import { deleteWorkspace, getWorkspace, renameWorkspace } from "@/lib/workspaces/workspaces";
import { IN_WORKSPACE } from "../contract";

export const GET = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "One workspace, with the caller's role",
    responses: { 200: { description: "The workspace", body: workspaceBody }, ...workspaceRefusals },
  },
  async ({ caller, params }) => jsonNoStore(await getWorkspace(caller.in(params))),
);

export const PATCH = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "Rename a workspace (owner)",
    body: workspaceNameSchema,
    responses: {
      200: { description: "Renamed", body: workspaceBody },
      400: invalid,
      403: forbidden,
      ...workspaceRefusals,
    },
  },
  async ({ caller, params, body }) =>
    jsonNoStore(await renameWorkspace(caller.in(params), body.name)),
);

export const DELETE = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "Delete a workspace and its tasks (owner); `confirmName` repeats its name",
    body: deleteWorkspaceSchema,
    responses: { 204: done, 400: invalid, 403: forbidden, 409: conflict, ...workspaceRefusals },
  },
  async ({ caller, params, body }) => {
    await deleteWorkspace(caller.in(params), body.confirmName);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
