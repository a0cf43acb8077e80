import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { linkClass } from "@/components/ui/styles";
import { WorkspaceTasks } from "@/components/workspaces/workspace-tasks";
import { requirePageSession } from "@/lib/auth/core/page-session";
import { toJson } from "@/lib/http/json";
import { TIME_ZONE_COOKIE } from "@/lib/preferences/time-zone-cookie";
import { filtersOf } from "@/lib/tasks/filters";
import { dashboardQuery } from "@/lib/tasks/page-query";
import { listTasks } from "@/lib/tasks/queries";
import { getTaskStats } from "@/lib/tasks/stats";
import { listMembers } from "@/lib/workspaces/members";
import { loadWorkspacePage } from "@/lib/workspaces/page";
import { allowancesOf } from "@/lib/workspaces/permissions-view";
import { workspaceOfSession } from "@/lib/workspaces/scope";
import { getWorkspace } from "@/lib/workspaces/workspaces";

export const metadata = { title: "Workspace" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function WorkspacePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const { id } = await params;
  const path = `/workspaces/${id}`;
  const session = await requirePageSession(path);
  const query = dashboardQuery(await searchParams, (await cookies()).get(TIME_ZONE_COOKIE)?.value);
  const scope = workspaceOfSession(session, { id });
  // The same data functions as the workspace's task API, checked by the same statements.
  const [workspace, page, stats, members] = await loadWorkspacePage(path, () =>
    Promise.all([
      getWorkspace(scope),
      listTasks(scope, query),
      getTaskStats(scope, query.tz),
      listMembers(scope),
    ]),
  );
  return (
    <AppShell session={session} current="/workspaces" workspaceId={workspace.id}>
      <div className="mb-6 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold tracking-tight">{workspace.name}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          You are {workspace.role === "admin" ? "an" : "a"} <strong>{workspace.role}</strong> ·{" "}
          <Link href={`${path}/members`} className={linkClass}>
            Members ({members.length})
          </Link>
        </p>
      </div>
      <WorkspaceTasks
        workspaceId={workspace.id}
        userId={session.user.id}
        allowances={allowancesOf(workspace.role)}
        members={toJson(members)}
        initialPage={toJson(page)}
        initialStats={stats}
        initialFilters={filtersOf(query)}
        timeZone={query.tz}
        renderId={randomUUID()}
      />
    </AppShell>
  );
}
