import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { OwnerScope } from "@/lib/auth/core/guard";
import { createTask, getTask, listTasks, updateTask } from "@/lib/tasks/queries";
import {
  createTaskSchema,
  listTasksQuerySchema,
  statsQuerySchema,
  taskIdSchema,
  updateTaskSchema,
} from "@/lib/tasks/schemas";
import { getTaskStats } from "@/lib/tasks/stats";
import type { ApiScope } from "@/lib/validation/api-scopes";

/**
 * The task tools of the MCP endpoint: each runs the function the task API runs, on the caller's
 * owner scope, with the input schema the API reads that request with, and needs the scope the
 * matching route declares (docs/mcp.md lists them side by side).
 */

/** How a tool's work becomes its result: the server decides what a refusal looks like. */
export type ToolAnswer = (work: () => Promise<Record<string, unknown>>) => Promise<CallToolResult>;

export type TaskTool = {
  name: string;
  scope: ApiScope;
  register: (server: McpServer, owner: OwnerScope, answer: ToolAnswer) => void;
};

function taskTool<Input extends z.ZodObject>(
  name: string,
  tool: {
    title: string;
    description: string;
    scope: ApiScope;
    input: Input;
    run: (owner: OwnerScope, input: z.output<Input>) => Promise<Record<string, unknown>>;
  },
): TaskTool {
  const readOnly = tool.scope === "tasks:read";
  return {
    name,
    scope: tool.scope,
    register: (server, owner, answer) =>
      server.registerTool(
        name,
        {
          title: tool.title,
          description: tool.description,
          // Erased to the base type: the SDK's callback type cannot be resolved for a generic one.
          inputSchema: tool.input as z.ZodObject,
          // Writes touch only the caller's own tasks, and none deletes one.
          annotations: { readOnlyHint: readOnly, destructiveHint: false, openWorldHint: false },
        },
        (input) => answer(() => tool.run(owner, input as z.output<Input>)),
      ),
  };
}

const oneTask = z.strictObject({ id: taskIdSchema });

export const TASK_TOOLS: TaskTool[] = [
  taskTool("list_tasks", {
    title: "List tasks",
    description:
      "The user's tasks, newest first unless `sort` says otherwise, filtered by status, priority, " +
      "due window (in time zone `tz`) or text `q`, `limit` per page. Pass `nextCursor` back as " +
      "`cursor` for the next page.",
    scope: "tasks:read",
    input: listTasksQuerySchema,
    run: listTasks,
  }),
  taskTool("get_task", {
    title: "Get a task",
    description: "One of the user's tasks by its id.",
    scope: "tasks:read",
    input: oneTask,
    run: (owner, { id }) => getTask(owner, id),
  }),
  taskTool("create_task", {
    title: "Create a task",
    description:
      "Creates a task for the user. Only `title` is required; `dueDate` is YYYY-MM-DD or null.",
    scope: "tasks:write",
    input: createTaskSchema,
    run: createTask,
  }),
  taskTool("update_task", {
    title: "Change a task",
    description:
      "Changes the fields of one of the user's tasks given in `changes` (title, description, " +
      "status, priority, dueDate); the others stay as they are.",
    scope: "tasks:write",
    input: z.strictObject({ id: taskIdSchema, changes: updateTaskSchema }),
    run: (owner, { id, changes }) => updateTask(owner, id, changes),
  }),
  taskTool("complete_task", {
    title: "Complete a task",
    description:
      "Marks one of the user's tasks completed (a completed one keeps its first completion time).",
    scope: "tasks:write",
    input: oneTask,
    run: (owner, { id }) => updateTask(owner, id, { status: "completed" }),
  }),
  taskTool("task_stats", {
    title: "Task statistics",
    description:
      "Counts of the user's tasks: total, pending, completed, overdue, due today (in time zone " +
      "`tz`), by priority, and completions on each of the last 14 days.",
    scope: "tasks:read",
    input: statsQuerySchema,
    run: (owner, { tz }) => getTaskStats(owner, tz),
  }),
];
