"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TaskStats } from "@/lib/tasks/stats";
import type { Allowances } from "@/lib/workspaces/permissions-view";
import { FormAlert } from "../ui/form-alert";
import { buttonClass, cardClass, controlClass, inputClass } from "../ui/styles";
import { createTask, deleteTask, type Member, type Task, updateTask } from "./api";

/**
 * A workspace's tasks, with the controls the member's role allows and no others: a viewer sees
 * none. Every change goes to the API, which checks the role again, and the page then reloads its
 * data from the server: a member removed meanwhile gets the 404 page on their next action.
 */
export function WorkspaceTasks({
  workspaceId,
  userId,
  allowances,
  tasks,
  stats,
  members,
}: {
  workspaceId: string;
  userId: string;
  allowances: Allowances;
  tasks: Task[];
  stats: TaskStats;
  members: Member[];
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const mayOn = (action: keyof Allowances, task: Task) =>
    allowances[action] === "any" || (allowances[action] === "own" && task.createdBy === userId);
  const nameOf = (id: string | null | undefined) =>
    members.find((member) => member.userId === id)?.name ?? "Nobody";

  async function run(change: () => Promise<unknown>) {
    setError(undefined);
    try {
      await change();
    } catch (failure) {
      setError((failure as Error).message);
    }
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="workspace-stats">
        {stats.total} {stats.total === 1 ? "task" : "tasks"} · {stats.completed} completed ·{" "}
        {stats.overdue} overdue
      </p>
      {error && <FormAlert>{error}</FormAlert>}
      {allowances["tasks.create"] !== "none" && (
        <form
          className={`${cardClass} flex flex-wrap gap-2 p-4`}
          action={(form) =>
            run(() =>
              createTask(workspaceId, {
                title: String(form.get("title") ?? ""),
                assigneeId: String(form.get("assigneeId") ?? "") || null,
              }),
            )
          }
        >
          <label className="sr-only" htmlFor="new-task-title">
            New task
          </label>
          <input
            id="new-task-title"
            name="title"
            required
            maxLength={200}
            placeholder="Add a task"
            className={`${inputClass} min-w-48 flex-1`}
          />
          <AssigneeSelect members={members} name="assigneeId" label="Assign to" />
          <button type="submit" className={buttonClass.primary}>
            Add
          </button>
        </form>
      )}
      <ul className={`${cardClass} divide-y divide-slate-200 dark:divide-slate-800`}>
        {tasks.length === 0 && <li className="px-4 py-6 text-sm text-slate-500">No tasks yet.</li>}
        {tasks.map((task) => (
          <li key={task.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
            {mayOn("tasks.complete", task) ? (
              <input
                type="checkbox"
                aria-label={`Completed: ${task.title}`}
                checked={task.status === "completed"}
                onChange={(event) =>
                  run(() =>
                    updateTask(workspaceId, task.id, {
                      status: event.target.checked ? "completed" : "pending",
                    }),
                  )
                }
              />
            ) : (
              <span className="text-sm text-slate-500">
                {task.status === "completed" ? "✓" : "○"}
              </span>
            )}
            <span
              className={`flex-1 ${task.status === "completed" ? "text-slate-500 line-through" : ""}`}
            >
              {task.title}
            </span>
            {mayOn("tasks.edit", task) ? (
              <AssigneeSelect
                members={members}
                label={`Assignee of ${task.title}`}
                value={task.assigneeId ?? ""}
                onChange={(assigneeId) =>
                  run(() => updateTask(workspaceId, task.id, { assigneeId: assigneeId || null }))
                }
              />
            ) : (
              <span className="text-sm text-slate-600 dark:text-slate-400">
                {nameOf(task.assigneeId)}
              </span>
            )}
            {mayOn("tasks.delete", task) && (
              <button
                type="button"
                className={buttonClass.ghost}
                onClick={() => run(() => deleteTask(workspaceId, task.id))}
              >
                Delete<span className="sr-only"> {task.title}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function AssigneeSelect({
  members,
  label,
  name,
  value,
  onChange,
}: {
  members: Member[];
  label: string;
  name?: string;
  value?: string;
  onChange?: (assigneeId: string) => void;
}) {
  return (
    <select
      name={name}
      aria-label={label}
      className={controlClass}
      {...(onChange
        ? { value, onChange: (event) => onChange(event.target.value) }
        : { defaultValue: "" })}
    >
      <option value="">Nobody</option>
      {members.map((member) => (
        <option key={member.userId} value={member.userId}>
          {member.name || member.email}
        </option>
      ))}
    </select>
  );
}
