import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { noContent } from "@/lib/http/responses";
import { expectedVersion, requireTaskOwner, taskResponse } from "@/lib/tasks/http";
import { deleteTask, getTask, updateTask } from "@/lib/tasks/queries";
import { updateTaskSchema } from "@/lib/tasks/schemas";

// Someone else's task answers exactly like a missing one (404), so ids reveal nothing.
type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request, { params }: Context) => {
  const owner = await requireTaskOwner(request);
  return taskResponse(await getTask(owner, (await params).id));
});

export const PATCH = handleRoute(async (request, { params }: Context) => {
  const owner = await requireTaskOwner(request);
  const patch = await readJson(request, updateTaskSchema);
  const task = await updateTask(owner, (await params).id, patch, expectedVersion(request));
  return taskResponse(task);
});

export const DELETE = handleRoute(async (request, { params }: Context) => {
  const owner = await requireTaskOwner(request);
  await deleteTask(owner, (await params).id);
  return noContent();
});

export const OPTIONS = corsPreflight;
