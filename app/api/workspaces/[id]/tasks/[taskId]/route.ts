import { z } from "zod";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { error, invalid } from "@/lib/openapi/responses";
import {
  done,
  forbidden,
  workspaceRefusals,
  workspaceTaskBody,
} from "@/lib/openapi/workspace-answers";
import { updateWorkspaceTaskSchema } from "@/lib/tasks/assignee";
import { expectedVersion, taskResponse } from "@/lib/tasks/http";
import { deleteTask, getTask, updateTask } from "@/lib/tasks/queries";
import { IN_WORKSPACE } from "../../../contract";

const task = { ...IN_WORKSPACE, params: IN_WORKSPACE.params.extend({ taskId: z.uuid() }) };

export const GET = defineRoute(
  {
    ...task,
    summary: "One task",
    scope: "tasks:read",
    responses: {
      200: { description: "The task (ETag)", body: workspaceTaskBody },
      ...workspaceRefusals,
    },
  },
  async ({ caller, params }) => taskResponse(await getTask(caller.in(params), params.taskId)),
);

export const PATCH = defineRoute(
  {
    ...task,
    summary: "Change a task: its status alone completes it (members), any other field edits it",
    scope: "tasks:write",
    body: updateWorkspaceTaskSchema,
    responses: {
      200: { description: "The changed task", body: workspaceTaskBody },
      400: invalid,
      403: forbidden,
      412: error("If-Match names another version"),
      ...workspaceRefusals,
    },
  },
  async ({ request, caller, params, body }) =>
    taskResponse(
      await updateTask(caller.in(params), params.taskId, body, expectedVersion(request)),
    ),
);

export const DELETE = defineRoute(
  {
    ...task,
    summary: "Delete a task (owner, admin; a member their own)",
    scope: "tasks:write",
    responses: { 204: done, 403: forbidden, ...workspaceRefusals },
  },
  async ({ caller, params }) => {
    await deleteTask(caller.in(params), params.taskId);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
