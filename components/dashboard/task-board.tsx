"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, type FieldErrors, networkError } from "@/lib/client/api-error";
import { todayIn } from "@/lib/client/dates";
import {
  createTask,
  deleteTask,
  type TaskFilters as Filters,
  filterParams,
  getStats,
  getTask,
  listTasks,
  type NewTask,
  type Page,
  type Stats,
  type Task,
  type TaskPatch,
  updateTask,
} from "@/lib/client/tasks-api";
import { rememberTimeZone } from "@/lib/time-zone-cookie";
import { buttonClass, cardClass } from "../ui/styles";
import { type Notice, Notices } from "./notices";
import { DEFAULT_FILTERS } from "./options";
import { StatsPanel } from "./stats-panel";
import { TaskComposer } from "./task-composer";
import { TaskFilters } from "./task-filters";
import { TaskItem } from "./task-item";

const UNDO_MS = 6_000;
const NOTICE_MS = 6_000;

type PendingDelete = { task: Task; index: number; timer: ReturnType<typeof setTimeout> };

const toApiError = (error: unknown) => (error instanceof ApiError ? error : networkError());
const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";

/**
 * The dashboard's live part. It starts from what the server rendered (same data functions as
 * the API) and from then on talks to the API: every change shows at once and is rolled back,
 * with a message, if the server refuses it. Edits are conditional on the task's version, so a
 * change made elsewhere in the meantime is reported and reloaded instead of overwritten.
 */
export function TaskBoard({
  initialPage,
  initialStats,
  initialFilters,
  timeZone: renderedTimeZone,
}: {
  initialPage: Page;
  initialStats: Stats;
  initialFilters: Filters;
  timeZone: string;
}) {
  const [filters, setFilters] = useState(initialFilters);
  const [tasks, setTasks] = useState(initialPage.items);
  const [nextCursor, setNextCursor] = useState(initialPage.nextCursor);
  const [stats, setStats] = useState(initialStats);
  const [timeZone, setTimeZone] = useState(renderedTimeZone);
  const [loading, setLoading] = useState<"list" | "more" | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [notices, setNotices] = useState<Notice[]>([]);
  // Clearing the filters remounts them, so the search box empties too.
  const [filtersKey, setFiltersKey] = useState(0);
  const pendingDeletes = useRef(new Map<string, PendingDelete>());
  const listRequest = useRef<AbortController | null>(null);
  const statsRequest = useRef<AbortController | null>(null);
  const zone = useRef(renderedTimeZone);
  const nextId = useRef(0);

  const dismiss = useCallback((id: string) => {
    setNotices((all) => all.filter((notice) => notice.id !== id));
  }, []);

  const notify = useCallback(
    (notice: Omit<Notice, "id"> & { id?: string }, ttl = NOTICE_MS) => {
      nextId.current += 1;
      const id = notice.id ?? `notice-${nextId.current}`;
      setNotices((all) => [...all.filter((other) => other.id !== id), { ...notice, id }].slice(-3));
      setTimeout(() => dismiss(id), ttl);
    },
    [dismiss],
  );

  const refreshStats = useCallback(async () => {
    statsRequest.current?.abort();
    const request = new AbortController();
    statsRequest.current = request;
    try {
      setStats(await getStats(zone.current, request.signal));
    } catch {
      // Stale numbers are better than an error about numbers: the next change retries.
    }
  }, []);

  const load = useCallback(
    async (query: Filters, cursor?: string) => {
      listRequest.current?.abort();
      const request = new AbortController();
      listRequest.current = request;
      setLoading(cursor ? "more" : "list");
      try {
        const page = await listTasks(query, {
          timeZone: zone.current,
          cursor,
          signal: request.signal,
        });
        const fresh = page.items.filter((task) => !pendingDeletes.current.has(task.id));
        setTasks((shown) =>
          cursor
            ? [...shown, ...fresh.filter((task) => !shown.some((old) => old.id === task.id))]
            : fresh,
        );
        setNextCursor(page.nextCursor);
      } catch (error) {
        if (!isAbort(error)) {
          notify({ tone: "error", text: `Couldn’t load tasks: ${toApiError(error).message}` });
        }
      } finally {
        if (listRequest.current === request) setLoading(null);
      }
    },
    [notify],
  );

  const changeFilters = useCallback(
    (next: Filters) => {
      setFilters(next);
      const params = filterParams(next).toString();
      window.history.replaceState(null, "", params ? `?${params}` : window.location.pathname);
      void load(next);
    },
    [load],
  );

  // The server rendered with the time zone it knew (a cookie, or UTC on a first visit).
  useEffect(() => {
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!browserZone || browserZone === zone.current) return;
    rememberTimeZone(browserZone);
    zone.current = browserZone;
    setTimeZone(browserZone);
    void refreshStats();
    if (initialFilters.due) void load(initialFilters);
  }, [initialFilters, load, refreshStats]);

  const replace = (task: Task) =>
    setTasks((shown) => shown.map((old) => (old.id === task.id ? task : old)));
  const drop = (id: string) => setTasks((shown) => shown.filter((old) => old.id !== id));
  const setBusyFor = (id: string, isBusy: boolean) =>
    setBusy((ids) => {
      const next = new Set(ids);
      if (isBusy) next.add(id);
      else next.delete(id);
      return next;
    });

  async function create(input: NewTask): Promise<FieldErrors | null> {
    nextId.current += 1;
    const now = new Date().toISOString();
    const draft: Task = {
      id: `draft-${nextId.current}`,
      title: input.title,
      description: input.description ?? "",
      status: "pending",
      priority: input.priority ?? "medium",
      dueDate: input.dueDate ?? null,
      completedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    setTasks((shown) => [draft, ...shown]);
    try {
      const created = await createTask(input);
      setTasks((shown) => shown.map((old) => (old.id === draft.id ? created : old)));
      void refreshStats();
      return null;
    } catch (error) {
      drop(draft.id);
      const refused = toApiError(error);
      if (Object.keys(refused.fields).length > 0) return refused.fields;
      notify({ tone: "error", text: `Couldn’t add “${input.title}”: ${refused.message}` });
      return {};
    }
  }

  async function update(task: Task, patch: TaskPatch) {
    const completedAt =
      patch.status === undefined
        ? task.completedAt
        : patch.status === "completed"
          ? new Date().toISOString()
          : null;
    replace({ ...task, ...patch, completedAt });
    setBusyFor(task.id, true);
    try {
      replace(await updateTask(task.id, patch, task.version));
      void refreshStats();
    } catch (error) {
      const refused = toApiError(error);
      if (refused.status === 412) {
        await getTask(task.id).then(replace, () => drop(task.id));
        notify({ tone: "info", text: `“${task.title}” was changed elsewhere — reloaded.` });
        void refreshStats();
      } else if (refused.status === 404) {
        drop(task.id);
        notify({ tone: "error", text: `“${task.title}” no longer exists.` });
        void refreshStats();
      } else {
        replace(task);
        notify({ tone: "error", text: `Couldn’t save “${task.title}”: ${refused.message}` });
      }
    } finally {
      setBusyFor(task.id, false);
    }
  }

  const commitDelete = useCallback(
    async (id: string, keepalive = false) => {
      const pending = pendingDeletes.current.get(id);
      if (!pending) return;
      pendingDeletes.current.delete(id);
      clearTimeout(pending.timer);
      try {
        await deleteTask(id, { keepalive });
        void refreshStats();
      } catch (error) {
        const refused = toApiError(error);
        if (refused.status === 404) return;
        setTasks((shown) => insertAt(shown, pending.index, pending.task));
        notify({
          tone: "error",
          text: `Couldn’t delete “${pending.task.title}”: ${refused.message}`,
        });
      }
    },
    [notify, refreshStats],
  );

  // Deletions wait out their undo window; leaving the page commits them at once.
  useEffect(() => {
    const pending = pendingDeletes.current;
    const flush = () => {
      for (const id of [...pending.keys()]) void commitDelete(id, true);
    };
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, [commitDelete]);

  function remove(task: Task) {
    const index = tasks.findIndex((old) => old.id === task.id);
    drop(task.id);
    const timer = setTimeout(() => void commitDelete(task.id), UNDO_MS);
    pendingDeletes.current.set(task.id, { task, index, timer });
    notify(
      {
        id: `delete-${task.id}`,
        tone: "info",
        text: `Deleted “${task.title}”.`,
        action: { label: "Undo", run: () => undo(task.id) },
      },
      UNDO_MS,
    );
  }

  function undo(id: string) {
    const pending = pendingDeletes.current.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    pendingDeletes.current.delete(id);
    setTasks((shown) => insertAt(shown, pending.index, pending.task));
    dismiss(`delete-${id}`);
  }

  const today = todayIn(timeZone);
  const filtered = Boolean(filters.status || filters.priority || filters.due || filters.q);

  return (
    <>
      <StatsPanel stats={stats} />
      <section aria-labelledby="tasks-title" className={`${cardClass} mt-6`}>
        <h2 id="tasks-title" className="sr-only">
          Tasks
        </h2>
        <div className="border-b border-slate-200 p-4 sm:p-5 dark:border-slate-800">
          <TaskComposer onCreate={create} />
        </div>
        <div className="border-b border-slate-200 p-4 sm:p-5 dark:border-slate-800">
          <TaskFilters key={filtersKey} filters={filters} onChange={changeFilters} />
        </div>
        <div aria-live="polite" className="sr-only">
          {loading === "list" ? "Loading tasks…" : ""}
        </div>
        {tasks.length > 0 ? (
          <ul
            aria-label="Tasks"
            aria-busy={loading === "list" || undefined}
            className={`divide-y divide-slate-200 dark:divide-slate-800 ${loading === "list" ? "opacity-60" : ""}`}
          >
            {tasks.map((task) => (
              <TaskItem
                key={task.id}
                task={task}
                today={today}
                busy={busy.has(task.id)}
                onUpdate={update}
                onDelete={remove}
              />
            ))}
          </ul>
        ) : (
          <div className="px-4 py-12 text-center">
            <p className="font-medium">{filtered ? "No tasks match" : "No tasks yet"}</p>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              {filtered
                ? "Try another filter or search."
                : "Add your first task above: type it and press Enter."}
            </p>
            {filtered && (
              <button
                type="button"
                onClick={() => {
                  setFiltersKey((key) => key + 1);
                  changeFilters(DEFAULT_FILTERS);
                }}
                className={`${buttonClass.secondary} mt-4`}
              >
                Clear filters
              </button>
            )}
          </div>
        )}
        {nextCursor && (
          <div className="border-t border-slate-200 p-4 text-center dark:border-slate-800">
            <button
              type="button"
              onClick={() => load(filters, nextCursor)}
              disabled={loading !== null}
              className={buttonClass.secondary}
            >
              {loading === "more" ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
      </section>
      <Notices notices={notices} onDismiss={dismiss} />
    </>
  );
}

function insertAt(tasks: Task[], index: number, task: Task): Task[] {
  if (tasks.some((old) => old.id === task.id)) return tasks;
  const at = index < 0 ? 0 : Math.min(index, tasks.length);
  return [...tasks.slice(0, at), task, ...tasks.slice(at)];
}
