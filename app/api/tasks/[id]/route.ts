import { z } from "zod";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { error, invalid, taskBody, unauthenticated } from "@/lib/openapi/responses";
import { expectedVersion, requireTaskOwner, taskResponse } from "@/lib/tasks/http";
import { deleteTask, getTask, updateTask } from "@/lib/tasks/queries";
import { taskIdSchema, updateTaskSchema } from "@/lib/tasks/schemas";

// Someone else's task answers exactly like a missing one (404), so ids reveal nothing.
const task = {
  tag: "Tasks",
  auth: { user: requireTaskOwner },
  params: z.strictObject({ id: taskIdSchema }),
};
const notFound = error("No such task of the caller's");

export const GET = defineRoute(
  {
    ...task,
    summary: "One task",
    scope: "tasks:read",
    responses: {
      200: { description: "The task (ETag: its version)", body: taskBody },
      401: unauthenticated,
      404: notFound,
    },
  },
  async ({ caller, params }) => taskResponse(await getTask(caller, params.id)),
);

export const PATCH = defineRoute(
  {
    ...task,
    summary: "Change a task (If-Match: its version, for a conditional change)",
    scope: "tasks:write",
    body: updateTaskSchema,
    responses: {
      200: { description: "The changed task", body: taskBody },
      400: invalid,
      401: unauthenticated,
      404: notFound,
      412: error("If-Match names another version: someone changed it first"),
    },
  },
  async ({ request, caller, params, body }) =>
    taskResponse(await updateTask(caller, params.id, body, expectedVersion(request))),
);

export const DELETE = defineRoute(
  {
    ...task,
    summary: "Delete a task",
    scope: "tasks:write",
    responses: { 204: { description: "Deleted" }, 401: unauthenticated, 404: notFound },
  },
  async ({ caller, params }) => {
    await deleteTask(caller, params.id);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
