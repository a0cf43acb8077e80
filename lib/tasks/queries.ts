import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { OwnerScope } from "@/lib/auth/core/guard";
import { getDb } from "@/lib/db/client";
import { violatedConstraint } from "@/lib/db/constraint-violation";
import { type Task, taskSortKey, tasks, workspace } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import {
  type Keyset,
  type KeysetKey,
  keysetAfter,
  keysetOrder,
  timestampKey,
  toPage,
} from "@/lib/http/keyset";
import { calendarDate, storableText } from "@/lib/validation/text";
import { isUuid } from "@/lib/validation/uuid";
import type { WorkspaceScope } from "@/lib/workspaces/scope";
import type { AssigneeInput } from "./assignee";
import { isDueIn } from "./due-dates";
import {
  type CreateTaskInput,
  type ListTasksQuery,
  type TaskSort,
  taskIdSchema,
  type UpdateTaskInput,
} from "./schemas";
import { versionTag } from "./version-tag";

/**
 * Task data access. Every statement is scoped in SQL, so a task the caller may not see is
 * indistinguishable from one that does not exist: callers get the same 404 for both.
 * - The personal task API (`/api/tasks`) passes an `OwnerScope`: the caller's own tasks in their
 *   personal workspace (`scope.owns`, which also checks the caller's session:
 *   lib/auth/core/owner-scope.ts).
 * - A workspace's task API passes a `WorkspaceScope`: the workspace's tasks, with what the
 *   caller's current role allows (lib/workspaces/permissions.ts) checked by the same statement.
 */
export type TaskScope = OwnerScope | WorkspaceScope;
type TaskAction = "tasks.read" | "tasks.edit" | "tasks.complete" | "tasks.delete" | "stats.read";

/** The tasks `scope` may do `action` to. */
export function tasksFor(scope: TaskScope, action: TaskAction): SQL {
  if ("permits" in scope) return scope.permits(action, tasks.workspaceId, tasks.userId);
  const personal = sql`(select ${workspace.id} from ${workspace} where ${workspace.personalOwnerId} = ${scope.ownerValue()})`;
  return and(scope.owns(tasks.userId), eq(tasks.workspaceId, personal)) as SQL;
}

/**
 * A task as its reader sees it. In the personal API: every column but the owner and the
 * workspace. In a workspace: also the workspace, the author (`createdBy`) and the assignee.
 */
export type TaskView = Omit<Task, "userId" | "workspaceId" | "assigneeId"> &
  Partial<{ workspaceId: string; createdBy: string; assigneeId: string | null }>;
const {
  userId: _ownerIsImplicit,
  workspaceId: _workspaceIsImplicit,
  assigneeId: _assigneeIsWorkspaceOnly,
  ...taskColumns
} = getTableColumns(tasks);
const workspaceTaskColumns = {
  ...taskColumns,
  workspaceId: tasks.workspaceId,
  createdBy: tasks.userId,
  assigneeId: tasks.assigneeId,
};
const columnsFor = (scope: TaskScope) => ("permits" in scope ? workspaceTaskColumns : taskColumns);

function taskNotFound(): never {
  throw new HttpError(404, "not_found", "Task not found");
}

// A malformed id names no task, and PostgreSQL would refuse to cast it to uuid: it is matched as
// no id at all, so the statement still runs the scope's session check before the 404.
const NO_TASK_ID = "00000000-0000-0000-0000-000000000000";
const taskIdOrNone = (id: string) => (isUuid(id) ? id : NO_TASK_ID);

function taskIn(scope: TaskScope, action: TaskAction, id: string) {
  return and(tasksFor(scope, action), eq(tasks.id, taskIdOrNone(id)));
}

// An assignee who is not a member of the task's workspace breaks tasks_assignee_member_fk.
async function checkingAssignee<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (violatedConstraint(error) !== "tasks_assignee_member_fk") throw error;
    throw new HttpError(400, "validation_error", "The assignee is not a member of the workspace", {
      fields: { assigneeId: ["Not a member of this workspace"] },
    });
  }
}

export async function createTask(
  scope: TaskScope,
  input: CreateTaskInput & AssigneeInput,
): Promise<TaskView> {
  const owner =
    "permits" in scope
      ? { userId: scope.authorValue(), workspaceId: scope.workspaceValue("tasks.create") }
      : { userId: scope.ownerValue() };
  const [created] = await checkingAssignee(
    getDb()
      .insert(tasks)
      .values({
        ...input,
        ...owner,
        completedAt: input.status === "completed" ? sql`now()` : null,
      })
      .returning(columnsFor(scope)),
  );
  if (!created) throw new Error("insert returned no row");
  return created;
}

export async function getTask(scope: TaskScope, id: string): Promise<TaskView> {
  const [task] = await getDb()
    .select(columnsFor(scope))
    .from(tasks)
    .where(taskIn(scope, "tasks.read", id));
  return task ?? taskNotFound();
}

/**
 * Applies a partial update and increments `version` in the same statement, so concurrent writes
 * never lose an increment. With `expectedVersion` (If-Match) the row only matches while it is at
 * that version: of two writers holding the same version, PostgreSQL's row lock lets exactly one
 * match, and the other gets 412 with nothing changed. A patch of the status alone completes or
 * reopens the task (`tasks.complete`); any other field edits it (`tasks.edit`).
 */
export async function updateTask(
  scope: TaskScope,
  id: string,
  patch: UpdateTaskInput & AssigneeInput,
  expectedVersion?: number,
): Promise<TaskView> {
  const db = getDb();
  const statusOnly = Object.keys(patch).every((field) => field === "status");
  const [updated] = await checkingAssignee(
    db
      .update(tasks)
      .set({
        ...patch,
        ...completedAtFor(patch.status),
        version: sql`${tasks.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          taskIn(scope, statusOnly ? "tasks.complete" : "tasks.edit", id),
          expectedVersion === undefined ? undefined : eq(tasks.version, expectedVersion),
        ),
      )
      .returning(columnsFor(scope)),
  );
  if (updated) return updated;

  const [current] = await db
    .select({ version: tasks.version })
    .from(tasks)
    .where(taskIn(scope, "tasks.read", id));
  if (!current) return taskNotFound();
  if (expectedVersion === undefined || current.version === expectedVersion) notYours();
  throw new HttpError(
    412,
    "version_mismatch",
    `The task is at version ${current.version}, not ${expectedVersion}: reload it and try again`,
    { headers: { etag: versionTag(current.version) } },
  );
}

// Completing a task stamps when (an already completed one keeps its first stamp); reopening it
// clears the stamp.
function completedAtFor(status: UpdateTaskInput["status"]) {
  if (status === "completed") return { completedAt: sql`coalesce(${tasks.completedAt}, now())` };
  if (status === "pending") return { completedAt: null };
  return {};
}

export async function deleteTask(scope: TaskScope, id: string): Promise<void> {
  const db = getDb();
  const deleted = await db
    .delete(tasks)
    .where(taskIn(scope, "tasks.delete", id))
    .returning({ id: tasks.id });
  if (deleted.length > 0) return;
  const [visible] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(taskIn(scope, "tasks.read", id));
  return visible ? notYours() : taskNotFound();
}

// A task the caller can read but whose author alone may change it (a member's own tasks).
function notYours(): never {
  throw new HttpError(403, "forbidden", "Only the task's author or an admin may change it");
}

const dueDateKey = taskSortKey.dueDate(tasks.dueDate);
const priorityKey = taskSortKey.priority(tasks.priority);
const titleKey = taskSortKey.title(tasks.title);

/** What each sort orders by: never-null expressions, each indexed after the workspace (schema.ts). */
const SORT_KEYS = {
  createdAt: timestampKey(tasks.createdAt),
  dueDate: {
    expression: dueDateKey,
    asText: sql<string>`coalesce(to_char(${tasks.dueDate}, 'YYYY-MM-DD'), 'infinity')`,
    textFormat: z.union([calendarDate, z.literal("infinity")]),
    sqlType: sql`date`,
  },
  priority: {
    expression: priorityKey,
    asText: sql<string>`${priorityKey}::text`,
    textFormat: z.enum(["0", "1", "2"]),
    sqlType: sql`integer`,
  },
  title: {
    expression: titleKey,
    asText: sql<string>`${titleKey}`,
    textFormat: storableText,
    sqlType: sql`text`,
  },
} satisfies Record<string, KeysetKey>;

function keysetFor(sort: TaskSort): Keyset {
  const descending = sort.startsWith("-");
  const key = SORT_KEYS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_KEYS];
  return { name: sort, key, id: tasks.id, idFormat: taskIdSchema, descending };
}

export type TaskPage = { items: TaskView[]; nextCursor: string | null };

export async function listTasks(scope: TaskScope, query: ListTasksQuery): Promise<TaskPage> {
  const keyset = keysetFor(query.sort);
  const rows = await getDb()
    .select({ ...columnsFor(scope), cursorKey: keyset.key.asText })
    .from(tasks)
    .where(
      and(
        tasksFor(scope, "tasks.read"),
        query.status && eq(tasks.status, query.status),
        query.priority && eq(tasks.priority, query.priority),
        query.q === undefined ? undefined : matchesText(query.q),
        query.due && isDueIn(query.due, query.tz),
        keysetAfter(keyset, query.cursor),
      ),
    )
    .orderBy(...keysetOrder(keyset))
    .limit(query.limit + 1);
  return toPage(keyset, rows, query.limit);
}

// Case-insensitive substring match; the user's text is a parameter and its LIKE wildcards are
// escaped, so "50%" finds "50% done" and not "500 done".
function matchesText(q: string): SQL {
  const pattern = `%${q.replace(/[\\%_]/g, "\\$&")}%`;
  return sql`(${tasks.title} ilike ${pattern} or ${tasks.description} ilike ${pattern})`;
}
