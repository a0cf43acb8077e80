import { z } from "zod";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { invalid } from "@/lib/openapi/responses";
import { forbidden, workspaceRefusals, workspaceTaskBody } from "@/lib/openapi/workspace-answers";
import { createWorkspaceTaskSchema } from "@/lib/tasks/assignee";
import { taskResponse } from "@/lib/tasks/http";
import { createTask, listTasks } from "@/lib/tasks/queries";
import { listTasksQuerySchema } from "@/lib/tasks/schemas";
import { IN_WORKSPACE } from "../../contract";

const pageBody = z.strictObject({
  items: z.array(workspaceTaskBody),
  nextCursor: z.string().nullable(),
});

export const GET = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "The workspace's tasks, filtered, sorted and paged",
    scope: "tasks:read",
    query: listTasksQuerySchema,
    responses: {
      200: { description: "One page", body: pageBody },
      400: invalid,
      ...workspaceRefusals,
    },
  },
  async ({ caller, params, query }) => jsonNoStore(await listTasks(caller.in(params), query)),
);

export const POST = defineRoute(
  {
    ...IN_WORKSPACE,
    summary: "Create a task (owner, admin, member)",
    scope: "tasks:write",
    body: createWorkspaceTaskSchema,
    responses: {
      201: { description: "The task (ETag, Location)", body: workspaceTaskBody },
      400: invalid,
      403: forbidden,
      ...workspaceRefusals,
    },
  },
  async ({ caller, params, body }) => {
    const task = await createTask(caller.in(params), body);
    const location = `/api/workspaces/${params.id}/tasks/${task.id}`;
    return taskResponse(task, { status: 201, headers: { location } });
  },
);

export const OPTIONS = corsPreflight;
