import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { readQuery } from "@/lib/http/read-query";
import { jsonNoStore } from "@/lib/http/responses";
import { requireTaskUser, taskResponse } from "@/lib/tasks/http";
import { createTask, listTasks } from "@/lib/tasks/queries";
import { createTaskSchema, listTasksQuerySchema } from "@/lib/tasks/schemas";

export const GET = handleRoute(async (request) => {
  const { user } = await requireTaskUser(request);
  const query = readQuery(request, listTasksQuerySchema);
  return jsonNoStore(await listTasks(user.id, query));
});

export const POST = handleRoute(async (request) => {
  const { user } = await requireTaskUser(request);
  const input = await readJson(request, createTaskSchema);
  const task = await createTask(user.id, input);
  return taskResponse(task, { status: 201, headers: { location: `/api/tasks/${task.id}` } });
});

export const OPTIONS = corsPreflight;
