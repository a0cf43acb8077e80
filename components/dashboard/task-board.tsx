"use client";

import { useRef, useState } from "react";
import { todayIn } from "@/lib/client/dates";
import type { TaskFilters as Filters, Page, Stats } from "@/lib/client/tasks-api";
import { narrowsTheList } from "@/lib/tasks/filters";
import { buttonClass, cardClass } from "../ui/styles";
import { Notices } from "./notices";
import { DEFAULT_FILTERS } from "./options";
import { StatsPanel } from "./stats-panel";
import { TaskComposer } from "./task-composer";
import { TaskFilters } from "./task-filters";
import { TaskItem } from "./task-item";
import { PERSONAL_SPACE, type TaskSpace } from "./task-space";
import { useNotices } from "./use-notices";
import { useTaskList } from "./use-task-list";
import { useTaskMutations } from "./use-task-mutations";
import { useUndoableDelete } from "./use-undoable-delete";

/**
 * The dashboard's live part, as layout over four hooks: the notices (./use-notices.ts), the
 * list with its filters, pages and statistics, fresh after Back (./use-task-list.ts), changes
 * with optimistic updates and 412 conflicts (./use-task-mutations.ts), and the undoable delete
 * (./use-undoable-delete.ts). The personal dashboard and every workspace's page show it, each
 * with its own `space` (./task-space.ts): the task API it calls and the controls it offers.
 */
export function TaskBoard({
  space = PERSONAL_SPACE,
  initialPage,
  initialStats,
  initialFilters,
  timeZone: renderedTimeZone,
  renderId,
}: {
  space?: TaskSpace;
  initialPage: Page;
  initialStats: Stats;
  initialFilters: Filters;
  timeZone: string;
  /** Unique to one server render: tells a fresh render from the router cache's replay. */
  renderId: string;
}) {
  const { notices, notify, dismiss, pause, resume } = useNotices();
  // Deletions in their undo window: the list's pages leave them out.
  const hidden = useRef(new Set<string>()).current;
  const { client } = space;
  const list = useTaskList({
    client,
    initialPage,
    initialStats,
    initialFilters,
    renderedTimeZone,
    renderId,
    hidden,
    notify,
  });
  const { tasks, setTasks, filters, refreshStats } = list;
  const mutations = useTaskMutations({ client, setTasks, refreshStats, notify });
  const { remove } = useUndoableDelete({
    client,
    tasks,
    setTasks,
    hidden,
    refreshStats,
    notify,
    dismiss,
  });
  // Clearing the filters remounts them, so the search box empties too.
  const [filtersKey, setFiltersKey] = useState(0);

  const today = todayIn(list.timeZone);
  const filtered = narrowsTheList(filters);

  return (
    <>
      <StatsPanel stats={list.stats} />
      <section aria-labelledby="tasks-title" className={`${cardClass} mt-6`}>
        <h2 id="tasks-title" className="sr-only">
          Tasks
        </h2>
        {space.mayCreate && (
          <div className="border-b border-slate-200 p-4 sm:p-5 dark:border-slate-800">
            <TaskComposer
              draftKey={space.draftKey}
              assignees={space.assignees}
              onCreate={mutations.create}
            />
          </div>
        )}
        <div className="border-b border-slate-200 p-4 sm:p-5 dark:border-slate-800">
          <TaskFilters key={filtersKey} filters={filters} onChange={list.changeFilters} />
        </div>
        <div aria-live="polite" className="sr-only">
          {list.loading === "list" ? "Loading tasks…" : ""}
        </div>
        {tasks.length > 0 ? (
          <ul
            aria-label="Tasks"
            aria-busy={list.loading === "list" || undefined}
            className={`divide-y divide-slate-200 dark:divide-slate-800 ${list.loading === "list" ? "opacity-60" : ""}`}
          >
            {tasks.map((task) => (
              <TaskItem
                key={task.id}
                task={task}
                today={today}
                busy={mutations.busy.has(task.id)}
                conflict={mutations.conflicts.get(task.id)}
                rights={space.rightsOn(task)}
                assignees={space.assignees}
                onUpdate={mutations.update}
                onResolve={(choice) => mutations.resolveConflict(task, choice)}
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
                : space.mayCreate
                  ? "Add your first task above: type it and press Enter."
                  : "Tasks added here will show up in this list."}
            </p>
            {filtered && (
              <button
                type="button"
                onClick={() => {
                  setFiltersKey((key) => key + 1);
                  list.changeFilters(DEFAULT_FILTERS);
                }}
                className={`${buttonClass.secondary} mt-4`}
              >
                Clear filters
              </button>
            )}
          </div>
        )}
        {list.nextCursor && (
          <div className="border-t border-slate-200 p-4 text-center dark:border-slate-800">
            <button
              type="button"
              onClick={list.loadMore}
              disabled={list.loading !== null}
              className={buttonClass.secondary}
            >
              {list.loading === "more" ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
      </section>
      <Notices notices={notices} onDismiss={dismiss} onPause={pause} onResume={resume} />
    </>
  );
}
