import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { getDb } from "@/lib/db/client";
import {
  user,
  type WorkspaceRole,
  workspace,
  workspaceInvitation,
  workspaceMember,
} from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { workspaceNotFound } from "@/lib/http/workspace-refusal";
import { isStorableText } from "@/lib/validation/text";
import { allowance, type WorkspaceAction } from "./permissions";
import type { WorkspaceScope } from "./scope";
import { personalWorkspace } from "./workspaces";

type Transaction = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

export async function listMembers(scope: WorkspaceScope) {
  return getDb()
    .select({
      userId: workspaceMember.userId,
      name: user.name,
      email: user.email,
      role: workspaceMember.role,
      joinedAt: workspaceMember.createdAt,
    })
    .from(workspaceMember)
    .innerJoin(user, eq(user.id, workspaceMember.userId))
    .where(scope.permits("members.list", workspaceMember.workspaceId))
    .orderBy(asc(workspaceMember.createdAt), workspaceMember.userId);
}

export type MemberView = Awaited<ReturnType<typeof listMembers>>[number];

const memberNotFound = () => new HttpError(404, "not_found", "Member not found");

// A user id from a URL that PostgreSQL could not store (a NUL, half a surrogate pair) names no
// member: it is matched as no id at all, after the statement has checked the caller.
const memberIdOrNone = (userId: string) => (isStorableText(userId) ? userId : "");
const ownersOnly = () =>
  new HttpError(403, "forbidden", "Only an owner may give or take away ownership");
const lastOwner = () =>
  new HttpError(409, "last_owner", "The last owner cannot leave or be demoted: transfer first");

/** What the rules of a membership change compare, read once the workspace is locked. */
type Locked = { callerRole: WorkspaceRole; owners: number };

/**
 * Every change of membership runs in a transaction that first locks the workspace's row, in the
 * statement that checks the caller's session, membership and role for `action`: changes to one
 * workspace's members happen one at a time, so two owners demoting each other at once cannot
 * leave it without an owner.
 *
 * What the rules compare (the caller's role, the owners) is read by the next statement, once the
 * lock is held. PostgreSQL reads a statement's rows as of when the statement started, so the
 * locking statement may have waited for a change it does not see: a caller who leaves while
 * being made the only owner would still read as an admin there, and leave no owner behind.
 */
async function changeMembers<T>(
  scope: WorkspaceScope,
  action: WorkspaceAction,
  change: (tx: Transaction, locked: Locked) => Promise<T>,
): Promise<T> {
  return getDb().transaction(async (tx) => {
    const [target] = await tx
      .select({ personal: sql<boolean>`${workspace.personalOwnerId} is not null` })
      .from(workspace)
      .where(scope.permits(action, workspace.id))
      .for("update");
    if (!target) throw workspaceNotFound();
    if (target.personal) throw personalWorkspace();
    const [current] = await tx
      .select({
        callerRole: scope.callerRole(),
        owners: sql<number>`(count(*) filter (where ${workspaceMember.role} = 'owner'))::int`,
      })
      .from(workspaceMember)
      .where(scope.permits(action, workspaceMember.workspaceId));
    if (!current) throw new Error("an aggregate query returned no row");
    return change(tx, current as Locked);
  });
}

async function memberRole(tx: Transaction, scope: WorkspaceScope, userId: string) {
  const [target] = await tx
    .select({ role: workspaceMember.role })
    .from(workspaceMember)
    .where(
      and(
        scope.permits("members.list", workspaceMember.workspaceId),
        eq(workspaceMember.userId, userId),
      ),
    );
  if (!target) throw memberNotFound();
  return target.role;
}

function checkOwnership(locked: Locked, from: WorkspaceRole, to: WorkspaceRole | "gone") {
  const touchesOwner = from === "owner" || to === "owner";
  if (touchesOwner && locked.callerRole !== "owner") throw ownersOnly();
  if (from === "owner" && to !== "owner" && locked.owners <= 1) throw lastOwner();
}

/**
 * An invitation is its inviter's act, good while they may still invite: a manager removed,
 * demoted below admin or leaving takes the invitations they sent with them (a resend or a new
 * invitation of the address is the resending manager's act). Otherwise an admin about to be
 * removed could invite another address of theirs and come back through it.
 */
async function dropInvitationsSentBy(
  tx: Transaction,
  scope: WorkspaceScope,
  action: WorkspaceAction,
  sentBy: (inviterColumn: PgColumn) => SQL,
) {
  await tx
    .delete(workspaceInvitation)
    .where(
      and(
        scope.permits(action, workspaceInvitation.workspaceId),
        sentBy(workspaceInvitation.invitedBy),
      ),
    );
}

export async function changeRole(scope: WorkspaceScope, userId: string, role: WorkspaceRole) {
  const member = memberIdOrNone(userId);
  await changeMembers(scope, "members.manage", async (tx, locked) => {
    checkOwnership(locked, await memberRole(tx, scope, member), role);
    // Before the change: a caller demoting themselves may not manage members after it.
    if (allowance("invitations.manage", role) === "none") {
      await dropInvitationsSentBy(tx, scope, "members.manage", (inviter) => eq(inviter, member));
    }
    await tx
      .update(workspaceMember)
      .set({ role })
      .where(
        and(
          scope.permits("members.manage", workspaceMember.workspaceId),
          eq(workspaceMember.userId, member),
        ),
      );
  });
}

export async function removeMember(scope: WorkspaceScope, userId: string) {
  const member = memberIdOrNone(userId);
  await changeMembers(scope, "members.manage", async (tx, locked) => {
    checkOwnership(locked, await memberRole(tx, scope, member), "gone");
    // Before the removal, which may be the caller's own.
    await dropInvitationsSentBy(tx, scope, "members.manage", (inviter) => eq(inviter, member));
    await tx
      .delete(workspaceMember)
      .where(
        and(
          scope.permits("members.manage", workspaceMember.workspaceId),
          eq(workspaceMember.userId, member),
        ),
      );
  });
}

/**
 * The caller leaves; their tasks stay in the workspace, their assignments are cleared, the
 * invitations they sent are revoked.
 */
export async function leaveWorkspace(scope: WorkspaceScope) {
  await changeMembers(scope, "workspace.leave", async (tx, locked) => {
    if (locked.callerRole === "owner" && locked.owners <= 1) throw lastOwner();
    await dropInvitationsSentBy(tx, scope, "workspace.leave", (inviter) => scope.isCaller(inviter));
    await tx
      .delete(workspaceMember)
      .where(
        and(
          scope.permits("workspace.leave", workspaceMember.workspaceId),
          scope.isCaller(workspaceMember.userId),
        ),
      );
  });
}

/** Makes another member the owner; the caller stays on as an admin. */
export async function transferOwnership(scope: WorkspaceScope, userId: string) {
  const member = memberIdOrNone(userId);
  await changeMembers(scope, "workspace.transfer", async (tx) => {
    await memberRole(tx, scope, member);
    const inWorkspace = scope.permits("workspace.transfer", workspaceMember.workspaceId);
    await tx
      .update(workspaceMember)
      .set({
        role: sql`case when ${workspaceMember.userId} = ${member} then 'owner' else 'admin' end`,
      })
      .where(
        and(
          inWorkspace,
          sql`(${workspaceMember.userId} = ${member} or ${scope.isCaller(workspaceMember.userId)})`,
        ),
      );
  });
}
