import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { ConfirmEmailFirst } from "@/components/settings/confirm-email-first";
import { cardClass, linkClass } from "@/components/ui/styles";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";
import { requirePageSession } from "@/lib/auth/core/page-session";
import { loadOrRetryPage } from "@/lib/http/page-outage";
import { listWorkspaces } from "@/lib/workspaces/workspaces";

export const metadata = { title: "Workspaces" };

export default async function WorkspacesPage() {
  const session = await requirePageSession("/workspaces");
  const workspaces = await loadOrRetryPage("/workspaces", () => listWorkspaces(session.scope));
  return (
    <AppShell session={session} current="/workspaces">
      <h1 className="mb-6 text-2xl font-bold tracking-tight">Workspaces</h1>
      <ul className={`${cardClass} mb-8 divide-y divide-slate-200 dark:divide-slate-800`}>
        {workspaces.map((workspace) => (
          <li key={workspace.id} className="flex items-center justify-between gap-4 px-4 py-3">
            <Link
              href={workspace.personal ? "/dashboard" : `/workspaces/${workspace.id}`}
              className={linkClass}
            >
              {workspace.name}
            </Link>
            <span className="text-sm text-slate-600 dark:text-slate-400">
              {workspace.personal ? "personal" : workspace.role}
            </span>
          </li>
        ))}
      </ul>
      {/* Sharing needs a confirmed address (docs/workspaces.md): the server refuses, and the
          page says why instead of offering it. */}
      {session.user.emailVerified ? (
        <CreateWorkspaceForm />
      ) : (
        <section className={`${cardClass} space-y-3 p-4`}>
          <h2 className="text-lg font-semibold">New workspace</h2>
          <ConfirmEmailFirst what="a shared workspace" elsewhere />
        </section>
      )}
    </AppShell>
  );
}
