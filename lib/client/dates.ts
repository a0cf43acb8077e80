/**
 * Calendar dates for the task list. Due dates are plain dates ("2026-03-05"), compared with
 * today in the user's time zone; formatting uses one fixed locale and UTC for plain dates, so
 * the server's render and the browser's agree.
 */
export const LOCALE = "en-US";

/** Today's date in `timeZone`, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(now);
}

export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

export function shortDate(date: string, today?: string): string {
  const sameYear = !today || date.slice(0, 4) === today.slice(0, 4);
  return new Intl.DateTimeFormat(LOCALE, {
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));
}

export type DueState = { label: string; tone: "overdue" | "today" | "soon" | "later" };

export function dueState(dueDate: string, today: string, completed: boolean): DueState {
  if (dueDate < today && !completed)
    return { label: `Overdue · ${shortDate(dueDate, today)}`, tone: "overdue" };
  if (dueDate === today) return { label: "Due today", tone: "today" };
  if (dueDate === addDays(today, 1)) return { label: "Due tomorrow", tone: "soon" };
  return { label: `Due ${shortDate(dueDate, today)}`, tone: "later" };
}
