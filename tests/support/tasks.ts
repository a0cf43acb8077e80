import * as taskRoute from "@/app/api/tasks/[id]/route";
import * as tasksRoute from "@/app/api/tasks/route";
import type { TaskView } from "@/lib/tasks/queries";
import { createSignedInUser } from "./auth";
import { jsonRequest } from "./http";

/** A task as it arrives over JSON: timestamps are ISO strings. */
export type TaskJson = Omit<TaskView, "completedAt" | "createdAt" | "updatedAt"> & {
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
};
export type TaskPageJson = { items: TaskJson[]; nextCursor: string | null };

const params = (id: string) => ({ params: Promise.resolve({ id }) });

/** The task endpoints as one signed-in user calls them, through the real route handlers. */
export function taskApi(authorization: Record<string, string>) {
  const request = (path: string, method: string, body?: unknown, headers = {}) =>
    jsonRequest(path, { method, body, headers: { ...authorization, ...headers } });
  return {
    create: (body: unknown) => tasksRoute.POST(request("/api/tasks", "POST", body)),
    list: (query = "") => tasksRoute.GET(request(`/api/tasks${query}`, "GET")),
    get: (id: string) => taskRoute.GET(request(`/api/tasks/${id}`, "GET"), params(id)),
    patch: (id: string, body: unknown, headers: Record<string, string> = {}) =>
      taskRoute.PATCH(request(`/api/tasks/${id}`, "PATCH", body, headers), params(id)),
    delete: (id: string) => taskRoute.DELETE(request(`/api/tasks/${id}`, "DELETE"), params(id)),

    async createTask(body: Record<string, unknown> = {}): Promise<TaskJson> {
      const response = await tasksRoute.POST(
        request("/api/tasks", "POST", { title: "A task", ...body }),
      );
      if (response.status !== 201) throw new Error(`create: ${response.status}`);
      return response.json();
    },
    async page(query = ""): Promise<TaskPageJson> {
      const response = await tasksRoute.GET(request(`/api/tasks${query}`, "GET"));
      if (response.status !== 200) throw new Error(`list: ${await response.text()}`);
      return response.json();
    },
  };
}

export type TaskApi = ReturnType<typeof taskApi>;

/** A fresh signed-in user and their task API. */
export async function signedInTaskUser() {
  const credentials = await createSignedInUser();
  return { ...credentials, api: taskApi(credentials.headers) };
}
