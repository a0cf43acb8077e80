import type { ListTasksQuery } from "./schemas";

/**
 * The task list's filters, by the names the dashboard's URL and GET /api/tasks share. No zod
 * here, so the browser's code may import it (lib/client/tasks-api.ts).
 */
export const TASK_FILTER_KEYS = ["status", "priority", "due", "q", "sort"] as const;
export type TaskFilters = Pick<ListTasksQuery, (typeof TASK_FILTER_KEYS)[number]>;

export function filtersOf(query: TaskFilters): TaskFilters {
  return Object.fromEntries(TASK_FILTER_KEYS.map((key) => [key, query[key]])) as TaskFilters;
}

/** Whether any filter narrows the list (the sort order only reorders it). */
export function narrowsTheList(filters: TaskFilters): boolean {
  return TASK_FILTER_KEYS.some((key) => key !== "sort" && Boolean(filters[key]));
}
