import type { Task, TaskFilters } from "@/lib/client/tasks-api";

/** The choices the dashboard offers, typed against the API's own enums. */
export const PRIORITIES: { value: Task["priority"]; label: string }[] = [
  { value: "high", label: "High" },
  { value: "medium", label: "Medium" },
  { value: "low", label: "Low" },
];

export const STATUSES: { value: TaskFilters["status"]; label: string }[] = [
  { value: undefined, label: "All" },
  { value: "pending", label: "Open" },
  { value: "completed", label: "Done" },
];

export const DUE_WINDOWS: { value: TaskFilters["due"]; label: string }[] = [
  { value: undefined, label: "Any due date" },
  { value: "overdue", label: "Overdue" },
  { value: "today", label: "Due today" },
  { value: "week", label: "Due this week" },
];

export const SORTS: { value: TaskFilters["sort"]; label: string }[] = [
  { value: "-createdAt", label: "Newest first" },
  { value: "createdAt", label: "Oldest first" },
  { value: "dueDate", label: "Due date, soonest" },
  { value: "-dueDate", label: "Due date, latest" },
  { value: "-priority", label: "Priority, high first" },
  { value: "priority", label: "Priority, low first" },
  { value: "title", label: "Title, A–Z" },
];

export const DEFAULT_FILTERS: TaskFilters = { sort: "-createdAt" };

export const priorityBadge: Record<Task["priority"], string> = {
  high: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30",
  medium:
    "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30",
  low: "bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-500/10 dark:text-slate-300 dark:ring-slate-400/30",
};
