import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { noContent } from "@/lib/http/responses";
import { updateWorkspaceTaskSchema } from "@/lib/tasks/assignee";
import { expectedVersion, taskResponse } from "@/lib/tasks/http";
import { deleteTask, getTask, updateTask } from "@/lib/tasks/queries";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string; taskId: string }> };

export const GET = handleRoute(async (request, { params }: Context) => {
  const { id, taskId } = await params;
  return taskResponse(await getTask(await requireWorkspace(request, { id }), taskId));
});

export const PATCH = handleRoute(async (request, { params }: Context) => {
  const { id, taskId } = await params;
  const scope = await requireWorkspace(request, { id });
  const patch = await readJson(request, updateWorkspaceTaskSchema);
  return taskResponse(await updateTask(scope, taskId, patch, expectedVersion(request)));
});

export const DELETE = handleRoute(async (request, { params }: Context) => {
  const { id, taskId } = await params;
  await deleteTask(await requireWorkspace(request, { id }), taskId);
  return noContent();
});

export const OPTIONS = corsPreflight;
