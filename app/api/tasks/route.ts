import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { readQuery } from "@/lib/http/read-query";
import { jsonNoStore } from "@/lib/http/responses";
import { requireTaskOwner, taskResponse } from "@/lib/tasks/http";
import { createTask, listTasks } from "@/lib/tasks/queries";
import { createTaskSchema, listTasksQuerySchema } from "@/lib/tasks/schemas";

export const GET = handleRoute(async (request) => {
  const owner = await requireTaskOwner(request);
  const query = readQuery(request, listTasksQuerySchema);
  return jsonNoStore(await listTasks(owner, query));
});

export const POST = handleRoute(async (request) => {
  const owner = await requireTaskOwner(request);
  const input = await readJson(request, createTaskSchema);
  const task = await createTask(owner, input);
  return taskResponse(task, { status: 201, headers: { location: `/api/tasks/${task.id}` } });
});

export const OPTIONS = corsPreflight;
