import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { readQuery } from "@/lib/http/read-query";
import { jsonNoStore } from "@/lib/http/responses";
import { createWorkspaceTaskSchema } from "@/lib/tasks/assignee";
import { taskResponse } from "@/lib/tasks/http";
import { createTask, listTasks } from "@/lib/tasks/queries";
import { listTasksQuerySchema } from "@/lib/tasks/schemas";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request, { params }: Context) => {
  const scope = await requireWorkspace(request, await params);
  const query = readQuery(request, listTasksQuerySchema);
  return jsonNoStore(await listTasks(scope, query));
});

export const POST = handleRoute(async (request, { params }: Context) => {
  const { id } = await params;
  const scope = await requireWorkspace(request, { id });
  const task = await createTask(scope, await readJson(request, createWorkspaceTaskSchema));
  const location = `/api/workspaces/${id}/tasks/${task.id}`;
  return taskResponse(task, { status: 201, headers: { location } });
});

export const OPTIONS = corsPreflight;
