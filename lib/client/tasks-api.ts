import type { z } from "zod";
import type { Json } from "@/lib/http/json";
import type { TaskFilters } from "@/lib/tasks/filters";
import type { TaskPage, TaskView } from "@/lib/tasks/queries";
import type { createTaskSchema, UpdateTaskInput } from "@/lib/tasks/schemas";
import type { TaskStats } from "@/lib/tasks/stats";
import { apiFetch, apiJson } from "./api";

/**
 * The dashboard's calls to the task API. Types only come from lib/tasks (erased at build, so no
 * server code or zod reaches the browser); the server validates everything anyway.
 */
export type Task = Json<TaskView>;
export type Page = Json<TaskPage>;
export type Stats = TaskStats;
export type { TaskFilters };
export type NewTask = z.input<typeof createTaskSchema>;
export type TaskPatch = UpdateTaskInput;

export const PAGE_SIZE = 20;

/** The filters as URL parameters, defaults left out: the page's URL and the API's query. */
export function filterParams(filters: TaskFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value && !(name === "sort" && value === "-createdAt")) params.set(name, value);
  }
  return params;
}

export function listTasks(
  filters: TaskFilters,
  options: { timeZone: string; cursor?: string; signal?: AbortSignal },
): Promise<Page> {
  const params = filterParams(filters);
  params.set("tz", options.timeZone);
  params.set("limit", String(PAGE_SIZE));
  if (options.cursor) params.set("cursor", options.cursor);
  return apiJson<Page>(`/api/tasks?${params}`, { signal: options.signal });
}

export const getTask = (id: string) => apiJson<Task>(`/api/tasks/${id}`);

export const createTask = (input: NewTask) =>
  apiJson<Task>("/api/tasks", { method: "POST", json: input });

/** A conditional update: the server refuses it with 412 if the task moved past `version`. */
export const updateTask = (id: string, patch: TaskPatch, version: number) =>
  apiJson<Task>(`/api/tasks/${id}`, {
    method: "PATCH",
    json: patch,
    headers: { "if-match": `"${version}"` },
  });

export const deleteTask = (id: string, options: { keepalive?: boolean } = {}) =>
  apiFetch(`/api/tasks/${id}`, { method: "DELETE", keepalive: options.keepalive });

export const getStats = (timeZone: string, signal?: AbortSignal) =>
  apiJson<Stats>(`/api/stats?tz=${encodeURIComponent(timeZone)}`, { signal });
