import { controlClass } from "../ui/styles";
import type { Assignee } from "./task-space";

/** A task form's assignee (the composer's and the editor's), named `assigneeId` for FormData. */
export function AssigneeSelect({
  idPrefix,
  assignees,
  assigneeId,
}: {
  idPrefix: string;
  assignees: Assignee[];
  assigneeId?: string | null;
}) {
  return (
    <>
      <label htmlFor={`${idPrefix}-assignee`} className="sr-only">
        Assignee
      </label>
      <select
        id={`${idPrefix}-assignee`}
        name="assigneeId"
        defaultValue={assigneeId ?? ""}
        className={`${controlClass} min-w-0`}
      >
        <option value="">Unassigned</option>
        {assignees.map((assignee) => (
          <option key={assignee.userId} value={assignee.userId}>
            {nameOf(assignee)}
          </option>
        ))}
      </select>
    </>
  );
}

export const nameOf = (assignee: Assignee) => assignee.name || assignee.email;

/** A task form's assignee, when it has the field (a shared workspace's): "" is nobody. */
export function assigneeOf(data: FormData): { assigneeId?: string | null } {
  const assigneeId = data.get("assigneeId");
  return assigneeId === null ? {} : { assigneeId: String(assigneeId) || null };
}
