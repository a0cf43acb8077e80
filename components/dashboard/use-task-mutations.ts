"use client";

import { type Dispatch, type SetStateAction, useRef, useState } from "react";
import { ApiError, type FieldErrors, networkError } from "@/lib/client/api-error";
import type { NewTask, Task, TaskClient, TaskPatch } from "@/lib/client/tasks-api";
import type { NewNotice } from "./use-notices";

/** A change the server refused with 412: the user's patch, kept until they choose. */
export type Conflict = { mine: TaskPatch };

const toApiError = (error: unknown) => (error instanceof ApiError ? error : networkError());

/**
 * Creating and changing tasks, optimistically: the list shows the change at once and rolls it
 * back, with a message, when the server refuses. Updates are conditional on the task's version:
 * a 412 means someone changed it elsewhere meanwhile, so the task is reloaded ("theirs") and the
 * user's patch kept ("mine") until they choose one; nothing they typed is lost.
 */
export function useTaskMutations({
  client,
  setTasks,
  refreshStats,
  notify,
}: {
  client: TaskClient;
  setTasks: Dispatch<SetStateAction<Task[]>>;
  refreshStats: () => Promise<void>;
  notify: (notice: NewNotice) => void;
}) {
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [conflicts, setConflicts] = useState<ReadonlyMap<string, Conflict>>(new Map());
  const nextDraft = useRef(0);

  const replace = (task: Task) =>
    setTasks((shown) => shown.map((old) => (old.id === task.id ? task : old)));
  const drop = (id: string) => setTasks((shown) => shown.filter((old) => old.id !== id));
  const setBusyFor = (id: string, isBusy: boolean) => setBusy((ids) => withMember(ids, id, isBusy));
  const setConflict = (id: string, conflict: Conflict | null) =>
    setConflicts((all) => {
      const next = new Map(all);
      if (conflict) next.set(id, conflict);
      else next.delete(id);
      return next;
    });

  async function create(input: NewTask): Promise<FieldErrors | null> {
    nextDraft.current += 1;
    const now = new Date().toISOString();
    const draft: Task = {
      id: `draft-${nextDraft.current}`,
      title: input.title,
      description: input.description ?? "",
      status: "pending",
      priority: input.priority ?? "medium",
      dueDate: input.dueDate ?? null,
      ...(input.assigneeId !== undefined && { assigneeId: input.assigneeId }),
      completedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    setTasks((shown) => [draft, ...shown]);
    try {
      const created = await client.create(input);
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
    setConflict(task.id, null);
    replace(withPatch(task, patch));
    setBusyFor(task.id, true);
    try {
      replace(await client.update(task.id, patch, task.version));
      void refreshStats();
    } catch (error) {
      const refused = toApiError(error);
      if (refused.status === 412) {
        await client.get(task.id).then(
          (theirs) => {
            replace(theirs);
            setConflict(task.id, { mine: patch });
          },
          () => drop(task.id),
        );
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

  /** "Use mine" sends the kept patch over their version; "use theirs" lets it go. */
  function resolveConflict(task: Task, choice: "mine" | "theirs") {
    const conflict = conflicts.get(task.id);
    setConflict(task.id, null);
    if (choice === "mine" && conflict) void update(task, conflict.mine);
  }

  return { busy, conflicts, create, update, resolveConflict };
}

function withPatch(task: Task, patch: TaskPatch): Task {
  const completedAt =
    patch.status === undefined
      ? task.completedAt
      : patch.status === "completed"
        ? new Date().toISOString()
        : null;
  return { ...task, ...patch, completedAt };
}

function withMember(ids: ReadonlySet<string>, id: string, member: boolean): ReadonlySet<string> {
  const next = new Set(ids);
  if (member) next.add(id);
  else next.delete(id);
  return next;
}
