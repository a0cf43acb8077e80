import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { linkClass } from "@/components/ui/styles";
import { MembersPanel } from "@/components/workspaces/members-panel";
import { requirePageSession } from "@/lib/auth/core/page-session";
import { toJson } from "@/lib/http/json";
import { listInvitations } from "@/lib/workspaces/invitations";
import { listMembers } from "@/lib/workspaces/members";
import { loadWorkspacePage } from "@/lib/workspaces/page";
import { allowancesOf } from "@/lib/workspaces/permissions-view";
import { workspaceOfSession } from "@/lib/workspaces/scope";
import { getWorkspace } from "@/lib/workspaces/workspaces";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const path = `/workspaces/${id}/members`;
  const session = await requirePageSession(path);
  const scope = workspaceOfSession(session, { id });
  const [workspace, members] = await loadWorkspacePage(path, () =>
    Promise.all([getWorkspace(scope), listMembers(scope)]),
  );
  const allowances = allowancesOf(workspace.role);
  // Pending invitations are shown to those who manage them only (the API refuses the rest).
  const invitations =
    allowances["invitations.list"] === "none"
      ? []
      : await loadWorkspacePage(path, () => listInvitations(scope));
  return (
    <AppShell session={session} current="/workspaces" workspaceId={workspace.id}>
      <p className="mb-2 text-sm">
        <Link href={`/workspaces/${workspace.id}`} className={linkClass}>
          ← {workspace.name}
        </Link>
      </p>
      <h1 className="mb-6 text-2xl font-bold tracking-tight">Members of {workspace.name}</h1>
      <MembersPanel
        workspace={toJson(workspace)}
        userId={session.user.id}
        allowances={allowances}
        members={toJson(members)}
        invitations={toJson(invitations)}
      />
    </AppShell>
  );
}
