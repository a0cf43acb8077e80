import { AuditTrail } from "@/components/admin/audit-trail";
import { UsersTable } from "@/components/admin/users-table";
import { AppShell } from "@/components/app-shell";
import { cardClass } from "@/components/ui/styles";
import { recentAdminActions } from "@/lib/admin/audit";
import { getAdminStats, listUsers } from "@/lib/admin/users";
import { requirePageSession } from "@/lib/auth/core/page-session";
import { toJson } from "@/lib/http/json";
import { loadOrRetryPage } from "@/lib/http/page-outage";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  // The role is checked here, against the database (a promotion or demotion takes effect at
  // once, whatever the token says), answering the 403 page with a 403 status.
  const session = await requirePageSession("/admin", { role: "admin" });
  const [users, stats, actions] = await loadOrRetryPage("/admin", () =>
    Promise.all([listUsers({ limit: 25 }), getAdminStats(), recentAdminActions(20)]),
  );
  const figures = [
    { label: "Users", value: stats.users },
    { label: "Tasks", value: stats.tasks },
    { label: "Sign-ins, last 24 h", value: stats.signInsLast24h },
  ];
  return (
    <AppShell session={session} current="/admin">
      <h1 className="text-2xl font-bold tracking-tight">Admin</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Everyone on this Taskflow, and how much it’s used.
      </p>
      <section aria-labelledby="platform-title" className="mt-8">
        <h2 id="platform-title" className="sr-only">
          Platform statistics
        </h2>
        <dl className="grid gap-4 sm:grid-cols-3">
          {figures.map((figure) => (
            <div key={figure.label} className={`${cardClass} p-5`}>
              <dt className="text-sm font-medium text-slate-600 dark:text-slate-400">
                {figure.label}
              </dt>
              <dd className="mt-1 text-3xl font-semibold tabular-nums">{figure.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="users-title" className={`${cardClass} mt-6 p-5 sm:p-6`}>
        <h2 id="users-title" className="text-base font-semibold">
          Users
        </h2>
        <div className="mt-4">
          <UsersTable initial={toJson(users)} currentUserId={session.user.id} />
        </div>
      </section>
      <section aria-labelledby="audit-title" className={`${cardClass} mt-6 p-5 sm:p-6`}>
        <h2 id="audit-title" className="text-base font-semibold">
          Audit trail
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every admin action: who did what to whom, and when.
        </p>
        <AuditTrail actions={toJson(actions)} />
      </section>
    </AppShell>
  );
}
