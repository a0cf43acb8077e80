import { corsPreflight } from "@/lib/http/cors";
import { readJson } from "@/lib/http/read-json";
import { noContent } from "@/lib/http/responses";
import { updateWorkspaceTaskSchema } from "@/lib/tasks/assignee";
import { expectedVersion, taskResponse } from "@/lib/tasks/http";
import { deleteTask, getTask, updateTask } from "@/lib/tasks/queries";
import { handleWorkspaceRoute } from "@/lib/workspaces/refusals";
import { requireWorkspace } from "@/lib/workspaces/scope";

type Context = { params: Promise<{ id: string; taskId: string }> };

export const GET = handleWorkspaceRoute(async (request, { params }: Context) => {
  const { id, taskId } = await params;
  return taskResponse(await getTask(await requireWorkspace(request, { id }), taskId));
});

export const PATCH = handleWorkspaceRoute(async (request, { params }: Context) => {
  const { id, taskId } = await params;
  const scope = await requireWorkspace(request, { id });
  const patch = await readJson(request, updateWorkspaceTaskSchema);
  return taskResponse(await updateTask(scope, taskId, patch, expectedVersion(request)));
});

export const DELETE = handleWorkspaceRoute(async (request, { params }: Context) => {
  const { id, taskId } = await params;
  await deleteTask(await requireWorkspace(request, { id }), taskId);
  return noContent();
});

export const OPTIONS = corsPreflight;
