import { shortDate } from "@/lib/client/dates";
import type { DayCount } from "@/lib/tasks/stats";

const WIDTH = 280;
const HEIGHT = 72;
const GAP = 4;

/**
 * Tasks completed per day over the last 14 days, as a small bar chart drawn in SVG (a chart
 * library would cost more JavaScript than the whole dashboard). Screen readers get the numbers
 * as a table; the picture itself is described by its title.
 */
export function CompletionChart({ days }: { days: DayCount[] }) {
  const total = days.reduce((sum, day) => sum + day.count, 0);
  const max = Math.max(1, ...days.map((day) => day.count));
  const barWidth = (WIDTH - GAP * (days.length - 1)) / days.length;
  const first = days[0];
  const last = days.at(-1);
  return (
    <figure className="min-w-0">
      <figcaption className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-slate-700 dark:text-slate-200">
          Completed, last 14 days
        </span>
        <span className="text-slate-500 dark:text-slate-400">{total} total</span>
      </figcaption>
      {/* Nothing completed yet: on a phone, 14 empty bars were a large blank block. Said in
          words there; the bars stay from the small breakpoint up, where they sit beside stats. */}
      {total === 0 && (
        <p className="mt-2 text-sm text-slate-600 sm:hidden dark:text-slate-400">
          Nothing completed in the last 14 days yet.
        </p>
      )}
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        className={`mt-3 h-20 w-full ${total === 0 ? "hidden sm:block" : ""}`}
        aria-hidden="true"
        focusable="false"
      >
        {days.map((day, index) => {
          const height = day.count === 0 ? 2 : Math.max(4, (day.count / max) * (HEIGHT - 4));
          const isToday = index === days.length - 1;
          const tone =
            day.count === 0
              ? "fill-slate-200 dark:fill-slate-800"
              : isToday
                ? "fill-indigo-600 dark:fill-indigo-400"
                : "fill-indigo-400 dark:fill-indigo-500/80";
          return (
            <rect
              key={day.date}
              x={index * (barWidth + GAP)}
              y={HEIGHT - height}
              width={barWidth}
              height={height}
              rx={2}
              className={tone}
            >
              <title>{`${shortDate(day.date)}: ${day.count}`}</title>
            </rect>
          );
        })}
      </svg>
      {first && last && (
        <div
          className={`mt-1 justify-between text-xs text-slate-500 dark:text-slate-400 ${total === 0 ? "hidden sm:flex" : "flex"}`}
          aria-hidden="true"
        >
          <span>{shortDate(first.date)}</span>
          <span>Today</span>
        </div>
      )}
      <table className="sr-only">
        <caption>Tasks completed per day, last 14 days</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Completed</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date}>
              <td>{shortDate(day.date)}</td>
              <td>{day.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
