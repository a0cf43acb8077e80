import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import { AppShell } from "@/components/app-shell";
import { TaskBoard } from "@/components/dashboard/task-board";
import { requirePageSession } from "@/lib/auth/core/page-session";
import { toJson } from "@/lib/http/json";
import { loadOrRetryPage } from "@/lib/http/page-outage";
import { TIME_ZONE_COOKIE } from "@/lib/preferences/time-zone-cookie";
import { filtersOf } from "@/lib/tasks/filters";
import { dashboardQuery } from "@/lib/tasks/page-query";
import { listTasks } from "@/lib/tasks/queries";
import { getTaskStats } from "@/lib/tasks/stats";

export const metadata = { title: "Dashboard" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePageSession("/dashboard");
  const query = dashboardQuery(await searchParams, (await cookies()).get(TIME_ZONE_COOKIE)?.value);
  // The same data functions as GET /api/tasks and /api/stats, without a request to ourselves.
  const { scope } = session;
  const [page, stats] = await loadOrRetryPage("/dashboard", () =>
    Promise.all([listTasks(scope, query), getTaskStats(scope, query.tz)]),
  );
  return (
    <AppShell session={session} current="/dashboard">
      <div className="mb-6">
        <h1 className="text-2xl font-bold tracking-tight">Your tasks</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Hi {session.user.name}. Here’s what’s on your plate.
        </p>
      </div>
      <TaskBoard
        initialPage={toJson(page)}
        initialStats={stats}
        initialFilters={filtersOf(query)}
        timeZone={query.tz}
        renderId={randomUUID()}
      />
    </AppShell>
  );
}
