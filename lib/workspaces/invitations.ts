import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { AuthContext } from "@/lib/auth/core/guard";
import { getDb } from "@/lib/db/client";
import {
  type INVITED_ROLES,
  user,
  workspace,
  workspaceInvitation,
  workspaceMember,
} from "@/lib/db/schema";
import { escapeHtml } from "@/lib/email/html";
import { sendEmail } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";
import { runAfterResponse } from "@/lib/http/after-response";
import { HttpError } from "@/lib/http/errors";
import { workspaceNotFound } from "@/lib/http/workspace-refusal";
import { enforceRateLimit, withinRateLimit } from "@/lib/rate-limit/index";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import type { WorkspaceScope } from "./scope";
import { personalWorkspace, sharingNeedsProvenAddress } from "./workspaces";

/** How long an invitation link works. */
const INVITATION_LIFETIME_DAYS = 7;
/** Invitations one workspace holds at most: a bound on the rows and on the managers' list. */
export const MAX_INVITATIONS = 100;

type InvitedRole = (typeof INVITED_ROLES)[number];
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** What a workspace's managers see of its pending invitations: never the link. */
const invitationView = {
  id: workspaceInvitation.id,
  email: workspaceInvitation.email,
  role: workspaceInvitation.role,
  expiresAt: workspaceInvitation.expiresAt,
  createdAt: workspaceInvitation.createdAt,
};

export async function listInvitations(scope: WorkspaceScope) {
  return getDb()
    .select(invitationView)
    .from(workspaceInvitation)
    .where(scope.permits("invitations.list", workspaceInvitation.workspaceId))
    .orderBy(workspaceInvitation.createdAt, workspaceInvitation.id);
}

/**
 * Who invites, read beside what they invite to: the mail names them, the limit counts them, and
 * only a proven address may send one.
 */
const inviterColumns = {
  inviter: user.name,
  inviterId: user.id,
  inviterProven: user.emailVerified,
};

/**
 * An invitation mailed (sent or resent) needs an inviter whose address is proven: an unproven
 * account may be a stranger who registered someone else's address (docs/architecture.md, "Who
 * owns an account"), and must not let anyone into what its owner will hold once she proves it.
 * Each counts against its inviter's `invitation-user` limit, on top of the cap per recipient: the
 * mail carries a name and a workspace's name of the inviter's choosing to any address.
 */
async function admitInvitationMail(inviter: { inviterId: string; inviterProven: boolean }) {
  if (!inviter.inviterProven) throw sharingNeedsProvenAddress();
  await enforceRateLimit("invitation-user", inviter.inviterId);
}

/**
 * Invites an address (lower-cased and trimmed, as every comparison of addresses is). A second
 * invitation of the same address replaces the first, whose link stops working. A workspace holds
 * at most `MAX_INVITATIONS` invitations, expired ones included until revoked or pruned
 * (lib/maintenance/prune.ts): the managers' list is one answer.
 */
export async function inviteByEmail(
  scope: WorkspaceScope,
  input: { email: string; role: InvitedRole },
) {
  const email = normalizeEmail(input.email);
  const token = newToken();
  const { invitation, workspaceName, inviter } = await getDb().transaction(async (tx) => {
    const [target] = await tx
      .select({
        name: workspace.name,
        personal: sql<boolean>`${workspace.personalOwnerId} is not null`,
        ...inviterColumns,
        // Spelled out: the subqueries name the outer workspace row themselves.
        alreadyMember: sql<boolean>`exists (select 1 from "workspace_member" as m
          join "user" as u on u.id = m.user_id
          where m.workspace_id = "workspace"."id" and u.email = ${email})`,
        otherInvitations: sql<number>`(select count(*) from "workspace_invitation" as i
          where i.workspace_id = "workspace"."id" and i.email <> ${email})::int`,
      })
      .from(workspace)
      .innerJoin(user, scope.isCaller(user.id))
      .where(scope.permits("invitations.manage", workspace.id));
    if (!target) throw workspaceNotFound();
    if (target.personal) throw personalWorkspace();
    if (target.alreadyMember) {
      throw new HttpError(409, "already_member", "That address is already a member", {
        fields: { email: ["Already a member of this workspace"] },
      });
    }
    if (target.otherInvitations >= MAX_INVITATIONS) {
      throw new HttpError(
        409,
        "too_many_invitations",
        `Revoke an invitation first: ${MAX_INVITATIONS} at most`,
      );
    }
    await admitInvitationMail(target);
    const [stored] = await tx
      .insert(workspaceInvitation)
      .values({
        workspaceId: scope.workspaceValue("invitations.manage"),
        email,
        role: input.role,
        tokenHash: hashOf(token),
        invitedBy: scope.authorValue(),
        expiresAt: expiry(),
      })
      .onConflictDoUpdate({
        target: [workspaceInvitation.workspaceId, workspaceInvitation.email],
        set: {
          role: input.role,
          tokenHash: hashOf(token),
          expiresAt: expiry(),
          invitedBy: scope.authorValue(),
        },
      })
      .returning(invitationView);
    if (!stored) throw new Error("insert returned no row");
    return { invitation: stored, workspaceName: target.name, inviter: target.inviter };
  });
  await mailInvitation({ email, workspaceName, inviter }, token);
  return invitation;
}

/**
 * Mails the invitation again with a new link; the old one stops working. The invitation becomes
 * the resending manager's (lib/workspaces/members.ts: it lasts while its inviter may invite).
 */
export async function resendInvitation(scope: WorkspaceScope, invitationId: string) {
  const [found] = await getDb()
    .select({
      email: workspaceInvitation.email,
      workspaceName: workspace.name,
      ...inviterColumns,
    })
    .from(workspaceInvitation)
    .innerJoin(workspace, eq(workspace.id, workspaceInvitation.workspaceId))
    .innerJoin(user, scope.isCaller(user.id))
    .where(invitationIn(scope, invitationId));
  if (!found) throw invitationNotFound();
  await admitInvitationMail(found);
  const token = newToken();
  await getDb()
    .update(workspaceInvitation)
    .set({ tokenHash: hashOf(token), expiresAt: expiry(), invitedBy: scope.authorValue() })
    .where(invitationIn(scope, invitationId));
  await mailInvitation(found, token);
}

export async function revokeInvitation(scope: WorkspaceScope, invitationId: string) {
  const revoked = await getDb()
    .delete(workspaceInvitation)
    .where(invitationIn(scope, invitationId))
    .returning({ id: workspaceInvitation.id });
  if (revoked.length === 0) throw invitationNotFound();
}

function invitationIn(scope: WorkspaceScope, invitationId: string) {
  const id = /^[0-9a-f-]{36}$/i.test(invitationId) ? invitationId : NO_INVITATION;
  return and(
    scope.permits("invitations.manage", workspaceInvitation.workspaceId),
    eq(workspaceInvitation.id, id),
  );
}

const NO_INVITATION = "00000000-0000-0000-0000-000000000000";
const expiry = () => sql`now() + make_interval(days => ${INVITATION_LIFETIME_DAYS})`;
const invitationNotFound = () => new HttpError(404, "not_found", "Invitation not found");
const linkNoLongerValid = () =>
  new HttpError(404, "invitation_not_found", "This invitation link is no longer valid");

const newToken = () => randomBytes(32).toString("base64url");

/**
 * Mails an invitation's link after the answer. The mail is capped per address like every mail
 * the app sends unasked for, on a counter of its own (so invitations cannot spend a reset's),
 * and the token is never logged: the link carries it in the fragment (`#token=`), which no
 * server and no request log sees.
 */
async function mailInvitation(
  mail: { email: string; workspaceName: string; inviter: string },
  token: string,
) {
  if (!(await withinRateLimit("mail-address", `workspace-invitation:${mail.email}`))) return;
  const link = `${getEnv().BETTER_AUTH_URL}/workspaces/join#token=${token}`;
  runAfterResponse("invitation_email_failed", () => sendEmail(invitationEmail(mail, link)));
}

function invitationEmail(
  mail: { email: string; workspaceName: string; inviter: string },
  link: string,
) {
  const subject = `${mail.inviter} invited you to ${mail.workspaceName} on Taskflow`;
  const rule = `It works once, for ${INVITATION_LIFETIME_DAYS} days, for the account of this address (${mail.email}) once the address is confirmed. No account yet? Sign up with this address, confirm it, then open the link again.`;
  const text = `${subject}.\n\nOpen this link to join:\n${link}\n\n${rule}\n`;
  const html = `<p>${escapeHtml(subject)}.</p><p><a href="${escapeHtml(link)}">Join ${escapeHtml(mail.workspaceName)}</a></p><p>${escapeHtml(rule)}</p>`;
  return { to: mail.email, subject, text, html };
}

/**
 * Accepts an invitation for the signed-in account. The invitation is bound to an address and
 * the account must own it: the same address, and proven (an unverified account is nobody's yet:
 * whoever typed the address may not join a workspace with it). A refusal for the account leaves
 * the link usable by the address's owner; a link that is unknown, expired, revoked or already
 * used is one 404. Accepting deletes the invitation: a link works once.
 */
export async function acceptInvitation(context: AuthContext, token: string) {
  const live = and(
    eq(workspaceInvitation.tokenHash, hashOf(token)),
    gt(workspaceInvitation.expiresAt, sql`now()`),
  );
  return getDb().transaction(async (tx) => {
    // The workspace's row is locked before the invitation's, in the order that deleting the
    // workspace takes them (its row, then its invitations by cascade): taken the other way round,
    // an acceptance and a deletion at the same moment would each wait for the other. The
    // lock is the one the new member's foreign key takes anyway; a membership change of the
    // workspace (lib/workspaces/members.ts) waits for it, and it for one.
    const [inWorkspace] = await tx
      .select({ id: workspace.id })
      .from(workspaceInvitation)
      .innerJoin(workspace, eq(workspace.id, workspaceInvitation.workspaceId))
      .where(live)
      .for("key share", { of: workspace });
    if (!inWorkspace) throw linkNoLongerValid();
    const [invitation] = await tx
      .select({
        id: workspaceInvitation.id,
        workspaceId: workspaceInvitation.workspaceId,
        email: workspaceInvitation.email,
        role: workspaceInvitation.role,
      })
      .from(workspaceInvitation)
      .where(live)
      .for("update");
    if (!invitation) throw linkNoLongerValid();
    if (invitation.email !== normalizeEmail(context.user.email)) {
      throw new HttpError(
        403,
        "invitation_for_another_address",
        "This invitation is for another address: sign in with the invited account",
      );
    }
    if (!context.user.emailVerified) {
      throw new HttpError(
        403,
        "address_not_proven",
        "Confirm your email address first, then open the invitation again",
      );
    }
    await tx.delete(workspaceInvitation).where(eq(workspaceInvitation.id, invitation.id));
    await tx
      .insert(workspaceMember)
      .values({
        workspaceId: invitation.workspaceId,
        userId: context.user.id,
        role: invitation.role,
      })
      .onConflictDoNothing();
    return { workspaceId: invitation.workspaceId };
  });
}
