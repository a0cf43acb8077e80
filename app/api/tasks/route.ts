import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid, limited, taskBody, taskPageBody, unauthenticated } from "@/lib/openapi/responses";
import { requireTaskOwner, taskResponse } from "@/lib/tasks/http";
import { createTask, listTasks } from "@/lib/tasks/queries";
import { createTaskSchema, listTasksQuerySchema } from "@/lib/tasks/schemas";

export const GET = defineRoute(
  {
    tag: "Tasks",
    summary: "The caller's tasks, filtered, sorted and paged",
    auth: { user: requireTaskOwner },
    scope: "tasks:read",
    query: listTasksQuerySchema,
    responses: {
      200: { description: "One page; `nextCursor` fetches the next", body: taskPageBody },
      400: invalid,
      401: unauthenticated,
      429: limited,
    },
  },
  async ({ caller, query }) => jsonNoStore(await listTasks(caller, query)),
);

export const POST = defineRoute(
  {
    tag: "Tasks",
    summary: "Create a task",
    auth: { user: requireTaskOwner },
    scope: "tasks:write",
    body: createTaskSchema,
    responses: {
      201: { description: "The task (ETag: its version; Location)", body: taskBody },
      400: invalid,
      401: unauthenticated,
      429: limited,
    },
  },
  async ({ caller, body }) => {
    const task = await createTask(caller, body);
    return taskResponse(task, { status: 201, headers: { location: `/api/tasks/${task.id}` } });
  },
);

export const OPTIONS = corsPreflight;
