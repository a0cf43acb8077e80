import { desc } from "drizzle-orm";
import { type Database, getDb } from "@/lib/db/client";
import { adminAction } from "@/lib/db/schema";

/**
 * The audit trail of the admin console: who did what to whom, when. Every write of lib/admin/
 * records its row with the transaction of the change (`tx`), so a change without its row, or a
 * row without its change, cannot exist.
 */
export const ADMIN_ACTIONS = {
  role_changed: "Changed the role",
  user_disabled: "Disabled the account",
  user_enabled: "Enabled the account",
  sessions_ended: "Ended every session",
  verification_resent: "Sent a new verification link",
  user_deleted: "Deleted the account",
} as const;

export type AdminActionType = keyof typeof ADMIN_ACTIONS;

export type Actor = { id: string; email: string };
export type Target = { id: string; email: string };

export async function recordAdminAction(
  tx: Database,
  actor: Actor,
  action: AdminActionType,
  target: Target,
  detail?: string,
): Promise<void> {
  await tx.insert(adminAction).values({
    actorId: actor.id,
    actorEmail: actor.email,
    action,
    targetId: target.id,
    targetEmail: target.email,
    detail: detail ?? null,
  });
}

/** The newest actions first, in words, for the admin page and GET /api/admin/audit. */
export async function recentAdminActions(limit = 20) {
  const rows = await getDb()
    .select({
      id: adminAction.id,
      actorEmail: adminAction.actorEmail,
      action: adminAction.action,
      targetEmail: adminAction.targetEmail,
      detail: adminAction.detail,
      createdAt: adminAction.createdAt,
    })
    .from(adminAction)
    .orderBy(desc(adminAction.createdAt))
    .limit(limit);
  return rows.map((row) => ({
    ...row,
    label: ADMIN_ACTIONS[row.action as AdminActionType] ?? row.action,
  }));
}

export type AdminActionView = Awaited<ReturnType<typeof recentAdminActions>>[number];
