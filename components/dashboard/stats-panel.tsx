import type { Stats } from "@/lib/client/tasks-api";
import { cardClass } from "../ui/styles";
import { CompletionChart } from "./completion-chart";

function Stat({
  label,
  value,
  tone = "default",
}: {
  label: string;
  value: string | number;
  tone?: "default" | "alert";
}) {
  const color =
    tone === "alert" ? "text-red-600 dark:text-red-400" : "text-slate-900 dark:text-white";
  return (
    <div className="rounded-xl bg-slate-50 px-3 py-2.5 dark:bg-slate-800/60">
      <dt className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className={`mt-0.5 text-2xl font-semibold tabular-nums ${color}`}>{value}</dd>
    </div>
  );
}

/** Counts, completion rate and the 14-day chart, above the list. */
export function StatsPanel({ stats }: { stats: Stats }) {
  const rate = Math.round(stats.completionRate * 100);
  return (
    <section aria-labelledby="stats-title" className={`${cardClass} p-4 sm:p-5`}>
      <h2 id="stats-title" className="sr-only">
        Your statistics
      </h2>
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,20rem)]">
        <div className="space-y-4">
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-live="polite">
            <Stat label="Open" value={stats.pending} />
            <Stat label="Done" value={stats.completed} />
            <Stat
              label="Overdue"
              value={stats.overdue}
              tone={stats.overdue > 0 ? "alert" : "default"}
            />
            <Stat label="Due today" value={stats.dueToday} />
          </dl>
          <div>
            <div className="flex items-baseline justify-between text-sm">
              <span className="font-medium text-slate-700 dark:text-slate-200">
                Completion rate
              </span>
              <span className="font-semibold tabular-nums">{rate}%</span>
            </div>
            <div
              role="progressbar"
              aria-label="Completion rate"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={rate}
              className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
            >
              <div
                className="h-full rounded-full bg-emerald-500 transition-[width] duration-500"
                style={{ width: `${rate}%` }}
              />
            </div>
            <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
              {stats.completed} of {stats.total} {stats.total === 1 ? "task" : "tasks"} done
            </p>
          </div>
        </div>
        <CompletionChart days={stats.completedPerDay} />
      </div>
    </section>
  );
}
