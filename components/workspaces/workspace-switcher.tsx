import Link from "next/link";
import type { PageSession } from "@/lib/auth/core/page-session";
import { loadOrRetryPage } from "@/lib/http/page-outage";
import { listWorkspaces } from "@/lib/workspaces/workspaces";
import { linkClass } from "../ui/styles";

/** The header's workspace menu: every workspace of the user, the current one marked. */
export async function WorkspaceSwitcher({
  session,
  currentId,
  path,
}: {
  session: PageSession;
  currentId?: string;
  /** Where the browser comes back to after an outage. */
  path: string;
}) {
  const workspaces = await loadOrRetryPage(path, () => listWorkspaces(session.scope));
  const current = workspaces.find((workspace) => workspace.id === currentId);
  const hrefOf = (workspace: (typeof workspaces)[number]) =>
    workspace.personal ? "/dashboard" : `/workspaces/${workspace.id}`;
  return (
    <details className="relative" data-testid="workspace-switcher">
      <summary className="cursor-pointer list-none rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800">
        <span className="sr-only">Workspace: </span>
        {current?.name ?? "Personal"} <span aria-hidden="true">▾</span>
      </summary>
      <ul className="absolute left-0 z-20 mt-1 min-w-56 rounded-lg border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        {workspaces.map((workspace) => (
          <li key={workspace.id}>
            <Link
              href={hrefOf(workspace)}
              aria-current={workspace.id === current?.id ? "page" : undefined}
              className="flex justify-between gap-4 rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100 aria-[current=page]:font-semibold dark:text-slate-200 dark:hover:bg-slate-800"
            >
              <span className="truncate">{workspace.name}</span>
              <span className="text-xs text-slate-500 dark:text-slate-400">{workspace.role}</span>
            </Link>
          </li>
        ))}
        <li className="border-t border-slate-200 px-3 py-1.5 dark:border-slate-700">
          <Link href="/workspaces" className={`${linkClass} text-sm`}>
            All workspaces
          </Link>
        </li>
      </ul>
    </details>
  );
}
