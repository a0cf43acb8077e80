import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { OwnerScope } from "@/lib/auth/core/guard";
import { getDb } from "@/lib/db/client";
import { type Task, taskSortKey, tasks } from "@/lib/db/schema";
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
 * Task data access. Every statement is scoped to its owner in SQL (`scope.owns`, which also
 * checks the caller's session: lib/auth/core/owner-scope.ts), so a task of someone else's is
 * indistinguishable from one that does not exist: callers get the same 404 for both.
 */

/** A task as its owner sees it: every column but the owner. */
export type TaskView = Omit<Task, "userId">;
const { userId: _ownerIsImplicit, ...taskColumns } = getTableColumns(tasks);

function taskNotFound(): never {
  throw new HttpError(404, "not_found", "Task not found");
}

// A malformed id names no task, and PostgreSQL would refuse to cast it to uuid: it is matched as
// no id at all, so the statement still runs the scope's session check before the 404.
const NO_TASK_ID = "00000000-0000-0000-0000-000000000000";
const taskIdOrNone = (id: string) => (taskIdSchema.safeParse(id).success ? id : NO_TASK_ID);

function ownedBy(scope: OwnerScope, id: string) {
  return and(scope.owns(tasks.userId), eq(tasks.id, taskIdOrNone(id)));
}

export async function createTask(scope: OwnerScope, input: CreateTaskInput): Promise<TaskView> {
  const [created] = await getDb()
    .insert(tasks)
    .values({
      ...input,
      userId: scope.ownerValue(),
      completedAt: input.status === "completed" ? sql`now()` : null,
    })
    .returning(taskColumns);
  if (!created) throw new Error("insert returned no row");
  return created;
}

export async function getTask(scope: OwnerScope, id: string): Promise<TaskView> {
  const [task] = await getDb().select(taskColumns).from(tasks).where(ownedBy(scope, id));
  return task ?? taskNotFound();
}

/**
 * Applies a partial update and increments `version` in the same statement, so concurrent writes
 * never lose an increment. With `expectedVersion` (If-Match) the row only matches while it is at
 * that version: of two writers holding the same version, PostgreSQL's row lock lets exactly one
 * match, and the other gets 412 with nothing changed.
 */
export async function updateTask(
  scope: OwnerScope,
  id: string,
  patch: UpdateTaskInput,
  expectedVersion?: number,
): Promise<TaskView> {
  const db = getDb();
  const [updated] = await db
    .update(tasks)
    .set({
      ...patch,
      ...completedAtFor(patch.status),
      version: sql`${tasks.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        ownedBy(scope, id),
        expectedVersion === undefined ? undefined : eq(tasks.version, expectedVersion),
      ),
    )
    .returning(taskColumns);
  if (updated) return updated;

  const [current] = await db
    .select({ version: tasks.version })
    .from(tasks)
    .where(ownedBy(scope, id));
  if (!current) return taskNotFound();
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

export async function deleteTask(scope: OwnerScope, id: string): Promise<void> {
  const deleted = await getDb().delete(tasks).where(ownedBy(scope, id)).returning({ id: tasks.id });
  if (deleted.length === 0) taskNotFound();
}

const dueDateKey = taskSortKey.dueDate(tasks.dueDate);
const priorityKey = taskSortKey.priority(tasks.priority);
const titleKey = taskSortKey.title(tasks.title);

/** What each sort orders by: never-null expressions, each indexed after the owner (schema.ts). */
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
  return { name: sort, key, id: tasks.id, idFormat: z.uuid(), descending };
}

export type TaskPage = { items: TaskView[]; nextCursor: string | null };

export async function listTasks(scope: OwnerScope, query: ListTasksQuery): Promise<TaskPage> {
  const keyset = keysetFor(query.sort);
  const rows = await getDb()
    .select({ ...taskColumns, cursorKey: keyset.key.asText })
    .from(tasks)
    .where(
      and(
        scope.owns(tasks.userId),
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
