/**
 * Where keyboard focus goes when the control that had it disappears (a deleted task, a closed
 * editor): never to <body>, which would send a keyboard user back to the top of the page.
 * Each task's checkbox has the id `taskCheckboxId(task.id)`; the composer's input is the fallback.
 */
import type { Task } from "@/lib/client/tasks-api";

export const taskCheckboxId = (taskId: string) => `task-${taskId}-done`;
const COMPOSER_INPUT_ID = "new-task-title";

/** The task to focus once the one at `index` leaves: the next, else the previous. */
export function taskNeighbour(tasks: Task[], index: number): string | undefined {
  return (tasks[index + 1] ?? tasks[index - 1])?.id;
}

/** Focuses a task's checkbox (or the composer) once React has rendered the change. */
export function focusTask(taskId: string | undefined): void {
  requestAnimationFrame(() => {
    const target =
      (taskId && document.getElementById(taskCheckboxId(taskId))) ||
      document.getElementById(COMPOSER_INPUT_ID);
    target?.focus();
  });
}
