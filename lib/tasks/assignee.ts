import { storableText } from "@/lib/validation/text";
import { createTaskSchema, updateTaskSchema } from "./schemas";

/** A task's assignee: a member of the task's workspace (a foreign key checks it), or nobody. */
const assigneeId = storableText.trim().min(1).max(100).nullable();

/** The workspace task API's bodies: the personal API's, plus the assignee. */
export const createWorkspaceTaskSchema = createTaskSchema.extend({
  assigneeId: assigneeId.default(null),
});
export const updateWorkspaceTaskSchema = updateTaskSchema.safeExtend({
  assigneeId: assigneeId.optional(),
});
export type AssigneeInput = { assigneeId?: string | null };
