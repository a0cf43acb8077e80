"use client";

import { useRouter } from "next/navigation";
import { type ComponentProps, useMemo } from "react";
import { TaskBoard } from "@/components/dashboard/task-board";
import type { TaskSpace } from "@/components/dashboard/task-space";
import { type Task, taskClient } from "@/lib/client/tasks-api";
import type { Allowances } from "@/lib/workspaces/permissions-view";
import { type Member, taskEndpoints } from "./api";

type Action = "tasks.edit" | "tasks.complete" | "tasks.delete";

/**
 * A workspace's tasks: the dashboard's board on the workspace's task API, with the controls the
 * member's role allows (lib/workspaces/permissions.ts) and no others, so a viewer sees none, and
 * the members as assignees. A refusal (a removal, a role changed elsewhere) renders the page
 * again from the server: the 404 page for a workspace the user left, the new role's controls.
 */
export function WorkspaceTasks({
  workspaceId,
  userId,
  allowances,
  members,
  ...board
}: {
  workspaceId: string;
  userId: string;
  allowances: Allowances;
  members: Member[];
} & Omit<ComponentProps<typeof TaskBoard>, "space">) {
  const router = useRouter();
  // Kept across the server's renders, so the board's requests and undo windows live on.
  const client = useMemo(
    () =>
      taskClient(taskEndpoints(workspaceId), (error) => {
        if (error.status === 403 || error.status === 404) router.refresh();
      }),
    [workspaceId, router],
  );
  const space = useMemo<TaskSpace>(() => {
    // A task without an author is one this user is adding: theirs.
    const may = (action: Action, task: Task) =>
      allowances[action] === "any" ||
      (allowances[action] === "own" && (task.createdBy ?? userId) === userId);
    return {
      client,
      draftKey: `new-task:${workspaceId}`,
      mayCreate: allowances["tasks.create"] !== "none",
      rightsOn: (task) => ({
        edit: may("tasks.edit", task),
        complete: may("tasks.complete", task),
        delete: may("tasks.delete", task),
      }),
      assignees: members,
    };
  }, [client, workspaceId, userId, allowances, members]);
  return <TaskBoard space={space} {...board} />;
}
