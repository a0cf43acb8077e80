import { PERSONAL_TASKS, type Task, type TaskClient, taskClient } from "@/lib/client/tasks-api";

/** What the person looking at a task may do to it; the board offers only these controls. */
export type TaskRights = { edit: boolean; complete: boolean; delete: boolean };

/** Someone a task may be assigned to. */
export type Assignee = { userId: string; name: string; email: string };

/**
 * Where a task board's tasks live and what the person looking may do there: the personal
 * dashboard (`PERSONAL_SPACE`: everything, no assignees) or a shared workspace (what the role
 * allows, the members as assignees: components/workspaces/workspace-tasks.tsx). The API checks
 * every call anyway; the board only leaves out what would be refused.
 */
export type TaskSpace = {
  client: TaskClient;
  /** The composer's draft is kept per place: a sentence started in one is not added to another. */
  draftKey: string;
  mayCreate: boolean;
  rightsOn: (task: Task) => TaskRights;
  /** Whom a task may be assigned to; without it, tasks have no assignee. */
  assignees?: Assignee[];
};

const EVERYTHING: TaskRights = { edit: true, complete: true, delete: true };

export const PERSONAL_SPACE: TaskSpace = {
  client: taskClient(PERSONAL_TASKS),
  draftKey: "new-task",
  mayCreate: true,
  rightsOn: () => EVERYTHING,
};
