import { eq, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { type TASK_PRIORITIES, tasks } from "@/lib/db/schema";
import { isDueIn, localToday } from "./due-dates";
import { type TaskScope, tasksFor } from "./queries";

type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type DayCount = { date: string; count: number };

export type TaskStats = {
  total: number;
  pending: number;
  completed: number;
  overdue: number;
  dueToday: number;
  /** completed / total, between 0 and 1; 0 when there are no tasks. */
  completionRate: number;
  byPriority: Record<TaskPriority, number>;
  /** The last 14 days in the caller's time zone, oldest first, today last, zero-filled. */
  completedPerDay: DayCount[];
};

export const COMPLETED_PER_DAY_DAYS = 14;
// Inlined rather than bound: `date - $1` leaves PostgreSQL guessing the parameter's type.
const LAST_DAY_OFFSET = sql.raw(String(COMPLETED_PER_DAY_DAYS - 1));

const countWhere = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;

/**
 * The statistics of one scope's tasks in one SQL statement: PostgreSQL aggregates over its rows
 * (found through a workspace-first index), and only the handful of totals comes back, however many tasks
 * there are.
 */
export async function getTaskStats(scope: TaskScope, timeZone: string): Promise<TaskStats> {
  const [row] = await getDb()
    .select({
      total: sql<number>`count(*)::int`,
      completed: countWhere(eq(tasks.status, "completed")),
      overdue: countWhere(isDueIn("overdue", timeZone)),
      dueToday: countWhere(isDueIn("today", timeZone)),
      low: countWhere(eq(tasks.priority, "low")),
      medium: countWhere(eq(tasks.priority, "medium")),
      high: countWhere(eq(tasks.priority, "high")),
      completedPerDay: completedPerDay(scope, timeZone),
    })
    .from(tasks)
    .where(tasksFor(scope, "stats.read"));
  if (!row) throw new Error("an aggregate query returned no row");

  const { total, completed, overdue, dueToday, low, medium, high } = row;
  return {
    total,
    pending: total - completed,
    completed,
    overdue,
    dueToday,
    completionRate: total === 0 ? 0 : completed / total,
    byPriority: { low, medium, high },
    completedPerDay: row.completedPerDay,
  };
}

/**
 * Completions per local calendar day: each completion is dated in the caller's time zone (23:30
 * UTC is already tomorrow in Tokyo), and a series of the last 14 local dates supplies the days
 * with none.
 */
function completedPerDay(scope: TaskScope, timeZone: string): SQL<DayCount[]> {
  const today = localToday(timeZone);
  const localDate = sql`(${tasks.completedAt} at time zone ${timeZone})::date`;
  const firstDay = sql`${today} - ${LAST_DAY_OFFSET}`;
  return sql<DayCount[]>`(
    select json_agg(
      json_build_object('date', to_char(days.day, 'YYYY-MM-DD'), 'count', coalesce(done.count, 0))
      order by days.day
    )
    from (
      select ${today} - days_ago as day from generate_series(0, ${LAST_DAY_OFFSET}) as days_ago
    ) as days
    left join (
      select ${localDate} as day, count(*)::int as count
      from ${tasks}
      where ${tasksFor(scope, "stats.read")}
        and ${tasks.status} = 'completed'
        and ${tasks.completedAt} >= (${firstDay})::timestamp at time zone ${timeZone}
      group by 1
    ) as done on done.day = days.day
  )`;
}
