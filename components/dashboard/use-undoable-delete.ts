"use client";

import { type Dispatch, type SetStateAction, useCallback, useEffect, useRef } from "react";
import { ApiError, networkError } from "@/lib/client/api-error";
import type { Task, TaskClient } from "@/lib/client/tasks-api";
import { focusTask, taskNeighbour } from "./task-focus";
import type { NewNotice } from "./use-notices";

const UNDO_MS = 6_000;

type PendingDelete = { task: Task; index: number };

/**
 * Delete with a 6-second undo: the task leaves the list at once, and the request is sent when
 * its notice goes (its time, which stands still while hovered or focused, or dismissed), or at
 * once when the page is left (`keepalive`). Its id stays in `hidden` meanwhile, so a page loaded
 * in between does not bring it back. Focus moves to the next task (or the previous, or the
 * composer), and back to the task on Undo. Undo is a keyboard shortcut too (Ctrl+Z or ⌘Z,
 * outside text fields): the notice's button comes after every task in tab order.
 */
export function useUndoableDelete({
  client,
  tasks,
  setTasks,
  hidden,
  refreshStats,
  notify,
  dismiss,
}: {
  client: TaskClient;
  tasks: Task[];
  setTasks: Dispatch<SetStateAction<Task[]>>;
  hidden: Set<string>;
  refreshStats: () => Promise<void>;
  notify: (notice: NewNotice, ttl?: number) => void;
  dismiss: (id: string) => void;
}) {
  const pendingDeletes = useRef(new Map<string, PendingDelete>());

  const forget = useCallback((id: string) => {
    const pending = pendingDeletes.current.get(id);
    if (!pending) return undefined;
    pendingDeletes.current.delete(id);
    return pending;
  }, []);

  const commitDelete = useCallback(
    async (id: string, keepalive = false) => {
      const pending = forget(id);
      if (!pending) return;
      try {
        await client.delete(id, { keepalive });
        void refreshStats();
      } catch (error) {
        const refused = error instanceof ApiError ? error : networkError();
        if (refused.status === 404) return;
        setTasks((shown) => insertAt(shown, pending.index, pending.task));
        notify({
          tone: "error",
          text: `Couldn’t delete “${pending.task.title}”: ${refused.message}`,
        });
      } finally {
        // Gone from the server, or back in the list: either way no longer ours to hide.
        hidden.delete(id);
      }
    },
    [client, forget, hidden, notify, refreshStats, setTasks],
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

  // The newest deletion still waiting is the one Ctrl+Z brings back.
  const undoLatest = useRef<() => void>(() => {});
  undoLatest.current = () => {
    const latest = [...pendingDeletes.current.keys()].at(-1);
    if (latest) undo(latest);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.key.toLowerCase() !== "z") {
        return;
      }
      if (isTextEntry(event.target)) return;
      event.preventDefault();
      undoLatest.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  function undo(id: string) {
    const pending = forget(id);
    if (!pending) return;
    hidden.delete(id);
    setTasks((shown) => insertAt(shown, pending.index, pending.task));
    dismiss(`delete-${id}`);
    focusTask(id);
  }

  function remove(task: Task) {
    const index = tasks.findIndex((old) => old.id === task.id);
    focusTask(taskNeighbour(tasks, index));
    setTasks((shown) => shown.filter((old) => old.id !== task.id));
    hidden.add(task.id);
    pendingDeletes.current.set(task.id, { task, index });
    notify(
      {
        id: `delete-${task.id}`,
        tone: "info",
        text: `Deleted “${task.title}”.`,
        action: { label: "Undo", shortcut: "Control+Z", run: () => undo(task.id) },
        onEnd: () => void commitDelete(task.id),
      },
      UNDO_MS,
    );
  }

  return { remove };
}

function insertAt(tasks: Task[], index: number, task: Task): Task[] {
  if (tasks.some((old) => old.id === task.id)) return tasks;
  const at = index < 0 ? 0 : Math.min(index, tasks.length);
  return [...tasks.slice(0, at), task, ...tasks.slice(at)];
}

// Where Ctrl+Z undoes typing, it stays the browser's. Focus after a delete is on a task's
// checkbox, which has no typing to undo.
const NOT_TYPED = new Set(["checkbox", "radio", "button", "submit", "reset"]);

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return target.isContentEditable || target.tagName === "TEXTAREA";
}
