import type { z } from "zod";
import type { Json } from "@/lib/http/json";
import type { createWorkspaceTaskSchema, updateWorkspaceTaskSchema } from "@/lib/tasks/assignee";
import type { TaskFilters } from "@/lib/tasks/filters";
import type { TaskPage, TaskView } from "@/lib/tasks/queries";
import type { TaskStats } from "@/lib/tasks/stats";
import { apiFetch, apiJson } from "./api";
import { ApiError } from "./api-error";

/**
 * The task board's calls to a task API: the personal one or a workspace's, which answer the same
 * shapes (a workspace's adds the author and the assignee). Types only come from lib/tasks (erased
 * at build, so no server code or zod reaches the browser); the server validates everything anyway.
 */
export type Task = Json<TaskView>;
export type Page = Json<TaskPage>;
export type Stats = TaskStats;
export type { TaskFilters };
/** `assigneeId` is a workspace's field: the personal API refuses it. */
export type NewTask = z.input<typeof createWorkspaceTaskSchema>;
export type TaskPatch = z.infer<typeof updateWorkspaceTaskSchema>;

export const PAGE_SIZE = 20;

/** Where a task list lives: its collection and its statistics. */
export type TaskEndpoints = { tasks: string; stats: string };
export const PERSONAL_TASKS: TaskEndpoints = { tasks: "/api/tasks", stats: "/api/stats" };

/** The filters as URL parameters, defaults left out: the page's URL and the API's query. */
export function filterParams(filters: TaskFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value && !(name === "sort" && value === "-createdAt")) params.set(name, value);
  }
  return params;
}

export type TaskClient = ReturnType<typeof taskClient>;

/** The calls to the task API at `endpoints`; `onRefused` hears of every answer that is an error. */
export function taskClient(
  { tasks, stats }: TaskEndpoints,
  onRefused: (error: ApiError) => void = () => {},
) {
  const heard = <T>(call: Promise<T>): Promise<T> =>
    call.catch((error: unknown) => {
      if (error instanceof ApiError) onRefused(error);
      throw error;
    });
  return {
    list(
      filters: TaskFilters,
      options: { timeZone: string; cursor?: string; signal?: AbortSignal },
    ): Promise<Page> {
      const params = filterParams(filters);
      params.set("tz", options.timeZone);
      params.set("limit", String(PAGE_SIZE));
      if (options.cursor) params.set("cursor", options.cursor);
      return heard(apiJson<Page>(`${tasks}?${params}`, { signal: options.signal }));
    },
    get: (id: string) => heard(apiJson<Task>(`${tasks}/${id}`)),
    create: (input: NewTask) => heard(apiJson<Task>(tasks, { method: "POST", json: input })),
    /** A conditional update: the server refuses it with 412 if the task moved past `version`. */
    update: (id: string, patch: TaskPatch, version: number) =>
      heard(
        apiJson<Task>(`${tasks}/${id}`, {
          method: "PATCH",
          json: patch,
          headers: { "if-match": `"${version}"` },
        }),
      ),
    delete: (id: string, options: { keepalive?: boolean } = {}) =>
      heard(apiFetch(`${tasks}/${id}`, { method: "DELETE", keepalive: options.keepalive })),
    stats: (timeZone: string, signal?: AbortSignal) =>
      heard(apiJson<Stats>(`${stats}?tz=${encodeURIComponent(timeZone)}`, { signal })),
  };
}
