"use client";

import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { dueState } from "@/lib/client/dates";
import type { Task, TaskPatch } from "@/lib/client/tasks-api";
import { CalendarIcon, CheckIcon, PencilIcon, TrashIcon } from "../ui/icons";
import { buttonClass, inputClass } from "../ui/styles";
import { SubmitButton } from "../ui/submit-button";
import { AssigneeSelect, assigneeOf, nameOf } from "./assignee-select";
import { PRIORITIES, priorityBadge } from "./options";
import { PriorityAndDue } from "./priority-and-due";
import { taskCheckboxId } from "./task-focus";
import type { Assignee, TaskRights } from "./task-space";
import type { Conflict } from "./use-task-mutations";

const dueTone = {
  overdue: "text-red-600 dark:text-red-400",
  today: "text-amber-700 dark:text-amber-300",
  soon: "text-slate-600 dark:text-slate-300",
  later: "text-slate-500 dark:text-slate-400",
};

const iconButton =
  "rounded-lg p-2 text-slate-500 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-40 aria-disabled:opacity-40 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white";

type TaskItemProps = {
  task: Task;
  today: string;
  /** A request about this task is on its way: its controls wait for the answer. */
  busy: boolean;
  /** The user's change the server refused with 412 (the task shown is the current one). */
  conflict?: Conflict;
  /** The controls to offer: what the person looking may do to this task. */
  rights: TaskRights;
  /** A shared workspace's members: the task shows its assignee, and the editor picks one. */
  assignees?: Assignee[];
  onUpdate: (task: Task, patch: TaskPatch) => void;
  onResolve: (choice: "mine" | "theirs") => void;
  onDelete: (task: Task) => void;
};

export function TaskItem({
  task,
  today,
  busy,
  conflict,
  rights,
  assignees,
  onUpdate,
  onResolve,
  onDelete,
}: TaskItemProps) {
  const [editing, setEditing] = useState(false);
  // Closing the editor (Enter, Escape, Cancel) hands focus back to the Edit button it came from.
  const [returnFocus, setReturnFocus] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!editing && returnFocus) {
      editButton.current?.focus();
      setReturnFocus(false);
    }
  }, [editing, returnFocus]);
  const completed = task.status === "completed";
  const unsaved = task.version === 0;
  const due = task.dueDate ? dueState(task.dueDate, today, completed) : null;
  const titleId = `task-${task.id}-title`;
  const closeEditor = () => {
    setEditing(false);
    setReturnFocus(true);
  };

  if (editing) {
    return (
      <li className="p-3 sm:p-4">
        <TaskEditor
          task={task}
          assignees={assignees}
          onCancel={closeEditor}
          onSave={(patch) => {
            closeEditor();
            if (Object.keys(patch).length > 0) onUpdate(task, patch);
          }}
        />
      </li>
    );
  }

  return (
    <li className="group flex items-start gap-3 p-3 sm:p-4" aria-busy={busy || undefined}>
      {rights.complete ? (
        // Held with aria-disabled while saving, not disabled: a disabled control drops focus.
        <input
          type="checkbox"
          id={taskCheckboxId(task.id)}
          aria-labelledby={titleId}
          checked={completed}
          disabled={unsaved}
          aria-disabled={busy || undefined}
          onChange={() => {
            if (!busy) onUpdate(task, { status: completed ? "pending" : "completed" });
          }}
          className="mt-1 size-5 shrink-0 rounded border-slate-300 accent-indigo-600"
        />
      ) : (
        // Round, not a checkbox's square: a status to read, not a control to try.
        <span
          className={`mt-1 flex size-5 shrink-0 items-center justify-center rounded-full ${
            completed
              ? "bg-indigo-600 text-white dark:bg-indigo-500"
              : "border-2 border-dashed border-slate-300 dark:border-slate-600"
          }`}
          title={completed ? "Done" : "Open"}
        >
          {completed && <CheckIcon />}
          <span className="sr-only">{completed ? "Done:" : "Open:"}</span>
        </span>
      )}
      <div className="min-w-0 flex-1">
        {/* Double-click edits in place, as in most task lists; the Edit button does it by keyboard. */}
        <p
          id={titleId}
          onDoubleClick={() => rights.edit && !busy && !unsaved && setEditing(true)}
          className={`break-words font-medium ${
            completed ? "text-slate-500 line-through dark:text-slate-400" : ""
          }`}
        >
          {task.title}
        </p>
        {task.description && (
          <p className="mt-0.5 line-clamp-2 text-sm break-words whitespace-pre-line text-slate-600 dark:text-slate-400">
            {task.description}
          </p>
        )}
        <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
          <span
            className={`rounded-full px-2 py-0.5 font-medium ring-1 ring-inset ${priorityBadge[task.priority]}`}
          >
            {PRIORITIES.find((priority) => priority.value === task.priority)?.label}
          </span>
          {due && (
            <span
              className={`inline-flex items-center gap-1 ${dueTone[due.tone]}`}
              suppressHydrationWarning
            >
              <CalendarIcon />
              {due.label}
            </span>
          )}
          {assignees && <AssigneeName assignees={assignees} assigneeId={task.assigneeId} />}
          {unsaved && <span className="text-slate-500 dark:text-slate-400">Saving…</span>}
        </div>
        {conflict && <ConflictChoice mine={conflict.mine} onResolve={onResolve} />}
      </div>
      <div className="flex shrink-0 items-center">
        {rights.edit && (
          <button
            ref={editButton}
            type="button"
            onClick={() => !busy && setEditing(true)}
            disabled={unsaved}
            aria-disabled={busy || undefined}
            className={iconButton}
            aria-label={`Edit “${task.title}”`}
            title="Edit"
          >
            <PencilIcon />
          </button>
        )}
        {rights.delete && (
          <button
            type="button"
            onClick={() => !busy && onDelete(task)}
            disabled={unsaved}
            aria-disabled={busy || undefined}
            className={`${iconButton} hover:text-red-600 dark:hover:text-red-400`}
            aria-label={`Delete “${task.title}”`}
            title="Delete"
          >
            <TrashIcon />
          </button>
        )}
      </div>
    </li>
  );
}

/** What the user changed, in words, for the 412 choice. */
function describePatch(patch: TaskPatch): string {
  const parts: string[] = [];
  if (patch.title !== undefined) parts.push(`title “${patch.title}”`);
  if (patch.status !== undefined) parts.push(patch.status === "completed" ? "done" : "reopened");
  if (patch.priority !== undefined) parts.push(`${patch.priority} priority`);
  if (patch.dueDate !== undefined)
    parts.push(patch.dueDate ? `due ${patch.dueDate}` : "no due date");
  if (patch.description !== undefined) parts.push("new details");
  if (patch.assigneeId !== undefined)
    parts.push(patch.assigneeId ? "a new assignee" : "unassigned");
  return parts.join(", ");
}

/** A 412: the task shown is theirs; the user's own change waits here until they choose. */
function ConflictChoice({
  mine,
  onResolve,
}: {
  mine: TaskPatch;
  onResolve: (choice: "mine" | "theirs") => void;
}) {
  return (
    <div
      role="status"
      className="mt-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/60 dark:text-amber-100"
    >
      <p>
        Changed elsewhere while you were editing. Yours: <strong>{describePatch(mine)}</strong>.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" onClick={() => onResolve("mine")} className={buttonClass.primary}>
          Use mine
        </button>
        <button type="button" onClick={() => onResolve("theirs")} className={buttonClass.secondary}>
          Use theirs
        </button>
      </div>
    </div>
  );
}

/** Edit in place: Enter saves, Escape cancels; only the fields that changed are sent. */
function TaskEditor({
  task,
  assignees,
  onSave,
  onCancel,
}: {
  task: Task;
  assignees?: Assignee[];
  onSave: (patch: TaskPatch) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const title = String(data.get("title") ?? "").trim();
    if (!title) {
      setError("Give the task a title");
      return;
    }
    const next = {
      title,
      description: String(data.get("description") ?? ""),
      priority: String(data.get("priority")) as Task["priority"],
      dueDate: String(data.get("dueDate") ?? "") || null,
      ...assigneeOf(data),
    };
    const patch: TaskPatch = {};
    if (next.title !== task.title) patch.title = next.title;
    if (next.description !== task.description) patch.description = next.description;
    if (next.priority !== task.priority) patch.priority = next.priority;
    if (next.dueDate !== task.dueDate) patch.dueDate = next.dueDate;
    if (next.assigneeId !== undefined && next.assigneeId !== (task.assigneeId ?? null)) {
      patch.assigneeId = next.assigneeId;
    }
    onSave(patch);
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") onCancel();
  };
  const id = `edit-${task.id}`;
  return (
    <form
      onSubmit={submit}
      onKeyDown={onKeyDown}
      aria-label={`Edit “${task.title}”`}
      className="space-y-2"
    >
      <label htmlFor={`${id}-title`} className="sr-only">
        Title
      </label>
      <input
        id={`${id}-title`}
        name="title"
        defaultValue={task.title}
        maxLength={200}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this task
        autoFocus
        aria-invalid={error ? true : undefined}
        className={inputClass}
      />
      <label htmlFor={`${id}-description`} className="sr-only">
        Description
      </label>
      <textarea
        id={`${id}-description`}
        name="description"
        defaultValue={task.description}
        rows={2}
        maxLength={5000}
        placeholder="Details (optional)"
        className={inputClass}
      />
      <div className="flex flex-wrap items-center gap-2">
        {/* On a phone each control takes the whole width, the date field too. */}
        <div className="grid w-full grid-cols-1 gap-2 sm:flex sm:w-auto">
          <PriorityAndDue idPrefix={id} priority={task.priority} dueDate={task.dueDate} />
          {assignees && (
            <AssigneeSelect idPrefix={id} assignees={assignees} assigneeId={task.assigneeId} />
          )}
        </div>
        <div className="ml-auto flex gap-2">
          <button type="button" onClick={onCancel} className={buttonClass.secondary}>
            Cancel
          </button>
          <SubmitButton>Save</SubmitButton>
        </div>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}

/** Whom a shared task is assigned to, if anyone (a member who left is no longer assigned). */
function AssigneeName({
  assignees,
  assigneeId,
}: {
  assignees: Assignee[];
  assigneeId?: string | null;
}) {
  const assignee = assignees.find((member) => member.userId === assigneeId);
  if (!assignee) return null;
  return <span className="text-slate-600 dark:text-slate-300">Assigned to {nameOf(assignee)}</span>;
}
