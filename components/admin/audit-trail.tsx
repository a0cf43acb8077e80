import type { AdminActionView } from "@/lib/admin/audit";
import type { Json } from "@/lib/http/json";
import { RelativeTime } from "../ui/relative-time";

/** The newest admin actions (lib/admin/audit.ts), one line each. */
export function AuditTrail({ actions }: { actions: Json<AdminActionView>[] }) {
  if (actions.length === 0) {
    return <p className="mt-4 text-sm">No admin action yet.</p>;
  }
  return (
    <ol className="mt-4 divide-y divide-slate-200 text-sm dark:divide-slate-800">
      {actions.map((action) => (
        <li key={action.id} className="py-2.5">
          <span className="font-medium break-all">{action.actorEmail}</span> ·{" "}
          {action.label.toLowerCase()} of <span className="break-all">{action.targetEmail}</span>
          {action.detail && (
            <span className="text-slate-600 dark:text-slate-400"> ({action.detail})</span>
          )}{" "}
          <span className="text-slate-600 dark:text-slate-400">
            · <RelativeTime iso={action.createdAt} />
          </span>
        </li>
      ))}
    </ol>
  );
}
