import type { Task } from "@/lib/client/tasks-api";
import { controlClass } from "../ui/styles";
import { PRIORITIES } from "./options";

/**
 * The priority select and due-date input of a task form (the composer's and the editor's),
 * named `priority` and `dueDate` for FormData, labelled for screen readers.
 */
export function PriorityAndDue({
  idPrefix,
  priority = "medium",
  dueDate,
}: {
  idPrefix: string;
  priority?: Task["priority"];
  dueDate?: string | null;
}) {
  const className = `${controlClass} min-w-0`;
  return (
    <>
      <label htmlFor={`${idPrefix}-priority`} className="sr-only">
        Priority
      </label>
      <select
        id={`${idPrefix}-priority`}
        name="priority"
        defaultValue={priority}
        className={className}
      >
        {PRIORITIES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label} priority
          </option>
        ))}
      </select>
      <label htmlFor={`${idPrefix}-due`} className="sr-only">
        Due date
      </label>
      <input
        id={`${idPrefix}-due`}
        name="dueDate"
        type="date"
        defaultValue={dueDate ?? ""}
        className={className}
      />
    </>
  );
}
