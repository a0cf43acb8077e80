import { type SQL, sql } from "drizzle-orm";
import { taskSortKey, tasks } from "@/lib/db/schema";
import type { DueWindow } from "./schemas";

/**
 * What "overdue", "due today" and "due this week" mean, in one place for the list filter and the
 * statistics, so that `?due=today` lists exactly the tasks `dueToday` counts. Days are the
 * caller's: "today" is the current date in their time zone. Written on the expression the
 * due-date index is built on, so the index serves them.
 */
const dueDate = taskSortKey.dueDate(tasks.dueDate);

export function localToday(timeZone: string): SQL {
  return sql`(now() at time zone ${timeZone})::date`;
}

export function isDueIn(window: DueWindow, timeZone: string): SQL {
  const today = localToday(timeZone);
  switch (window) {
    // Only pending tasks are late; a done task is done, whatever its date.
    case "overdue":
      return sql`(${tasks.status} = 'pending' and ${dueDate} < ${today})`;
    // Today and the six days after it, done or not.
    case "week":
      return sql`${dueDate} between ${today} and ${today} + 6`;
    case "today":
      return sql`${dueDate} = ${today}`;
  }
}
