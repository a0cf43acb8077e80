import { TASK_FILTER_KEYS } from "./filters";
import { listTasksQuerySchema } from "./schemas";
import { timeZone } from "./time-zone";

/**
 * What the dashboard page renders with: the filters in its URL (as the API would read them;
 * anything invalid falls back to the defaults rather than failing the page) and the user's
 * time zone from its cookie (UTC until the browser has told us).
 */
export function dashboardQuery(
  searchParams: Record<string, string | string[] | undefined>,
  timeZoneCookie: string | undefined,
) {
  const tz = timeZone.safeParse(timeZoneCookie).data ?? "UTC";
  const filters = Object.fromEntries(
    TASK_FILTER_KEYS.flatMap((key) => {
      const value = searchParams[key];
      return typeof value === "string" ? [[key, value]] : [];
    }),
  );
  const parsed = listTasksQuerySchema.safeParse({ ...filters, tz });
  return parsed.success ? parsed.data : listTasksQuerySchema.parse({ tz });
}
