import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { type Database, getDb } from "@/lib/db/client";
import {
  account,
  apiKey,
  oauthAuthorizationCode,
  oauthDeviceCode,
  passkey,
  securityEvent,
  session,
  twoFactor,
  user,
  verification,
  workspace,
  workspaceInvitation,
  workspaceMember,
} from "@/lib/db/schema";
import { clientAddress } from "@/lib/http/client-ip";
import { promoteListedAdmin } from "./admin-bootstrap";
import type { SecurityEventType } from "./security-events";

/**
 * Proof of the mailbox is a fresh start (docs/architecture.md, "Who owns an account").
 *
 * Until its address is verified an account belongs to nobody in particular: anyone can register
 * someone else's address. Whatever it holds was attached by whoever typed that address. The first
 * proof of the mailbox (a reset link followed, or a verification link followed by someone who
 * also proves the password) makes the prover its owner, and everything the prover did not bring
 * is dropped: passkeys, the authenticator app, provider links, API keys, every session (so every
 * refresh family, and every grant to an app, which is a session too) but the prover's own,
 * trusted browsers, pending email changes and older links, and every shared workspace: the ones
 * it owns are deleted (with whoever was let in and every invitation), the others left. The
 * password survives because every proof includes it: a reset sets it, a verification link asks
 * for it (or is followed in the browser signed in with it). Each kind removed is a
 * `security_event` row, so Settings → Security activity says what went.
 *
 * A verified account is not started afresh by a later reset: what it holds was added by someone
 * signed in to a proven account, and dropping its second factor on a mailed link would let
 * whoever reads the mailbox skip it.
 *
 * This is the only place that marks an address verified after sign-up (Better Auth's own writes
 * of `emailVerified` are refused by ./proven-address.ts).
 */
export type MailboxProof = {
  userId: string;
  /** The prover's own session, kept: the verification link followed while signed in. */
  keepSessionId?: string;
  headers?: Headers;
};

/** What a fresh start removed, each a `security_event` type when something of its kind went. */
const REMOVED = {
  passkeys: "unproven_passkeys_removed",
  authenticator: "unproven_authenticator_removed",
  providers: "unproven_providers_removed",
  sessions: "unproven_sessions_ended",
  apiKeys: "unproven_api_keys_removed",
  workspaces: "unproven_workspaces_left",
} as const satisfies Record<string, SecurityEventType>;

export type FreshStart = { [Kind in keyof typeof REMOVED]: number } | "already_verified";

/** Marks the address verified; on its first proof, drops what the prover did not bring. */
export async function proveMailbox(db: Database, proof: MailboxProof): Promise<FreshStart> {
  const { userId } = proof;
  const [first] = await db
    .update(user)
    .set({ emailVerified: true, twoFactorEnabled: false })
    .where(and(eq(user.id, userId), eq(user.emailVerified, false)))
    .returning({ id: user.id });
  if (!first) {
    await promoteListedAdmin(db, userId);
    return "already_verified";
  }
  const removed = {
    passkeys: await count(db.delete(passkey).where(eq(passkey.userId, userId))),
    authenticator: await count(db.delete(twoFactor).where(eq(twoFactor.userId, userId))),
    providers: await count(
      db
        .delete(account)
        .where(and(eq(account.userId, userId), ne(account.providerId, "credential"))),
    ),
    sessions: await count(
      db
        .delete(session)
        .where(
          and(
            eq(session.userId, userId),
            proof.keepSessionId ? ne(session.id, proof.keepSessionId) : undefined,
          ),
        ),
    ),
    apiKeys: await dropApiKeys(db, userId),
    workspaces: await leaveSharedWorkspaces(db, userId),
  };
  await forgetAccountLinks(db, userId);
  await promoteListedAdmin(db, userId);
  const events = Object.entries(removed).filter(([, removedCount]) => removedCount > 0);
  if (events.length > 0) {
    const headers = proof.headers;
    await db.insert(securityEvent).values(
      events.map(([kind]) => ({
        type: REMOVED[kind as keyof typeof REMOVED],
        userId,
        ipAddress: headers ? clientAddress({ headers }) : null,
        userAgent: headers?.get("user-agent")?.slice(0, 512) ?? null,
      })),
    );
  }
  return removed;
}

const count = async (deleted: { returning: () => Promise<unknown[]> }) =>
  (await deleted.returning()).length;

/**
 * The shared workspaces an unproven account is in: sharing needs a proven address
 * (lib/workspaces/workspaces.ts), so whatever is there was set up by whoever registered the
 * address, and whoever they let in must not stay beside its owner. Each is locked first, in id
 * order, as every change of membership locks it (lib/workspaces/members.ts). The ones the account
 * owns are deleted with their members, tasks and invitations; it leaves the others, and the
 * invitations it sent die. Returns how many it was in.
 */
async function leaveSharedWorkspaces(db: Database, userId: string): Promise<number> {
  const shared = await db
    .select({ id: workspace.id, role: workspaceMember.role })
    .from(workspaceMember)
    .innerJoin(workspace, eq(workspace.id, workspaceMember.workspaceId))
    .where(and(eq(workspaceMember.userId, userId), isNull(workspace.personalOwnerId)))
    .orderBy(workspace.id)
    .for("update", { of: workspace });
  if (shared.length === 0) return 0;
  await db.delete(workspaceInvitation).where(eq(workspaceInvitation.invitedBy, userId));
  const owned = shared.filter(({ role }) => role === "owner").map(({ id }) => id);
  if (owned.length > 0) await db.delete(workspace).where(inArray(workspace.id, owned));
  await db.delete(workspaceMember).where(
    and(
      eq(workspaceMember.userId, userId),
      inArray(
        workspaceMember.workspaceId,
        shared.map(({ id }) => id),
      ),
    ),
  );
  return shared.length;
}

/** Every API key of the account (lib/auth/api-keys/): they stop on their next request. */
const dropApiKeys = (db: Database, userId: string) =>
  count(db.delete(apiKey).where(eq(apiKey.userId, userId)));

/**
 * Every `verification` row that acts for the account: reset links, trusted browsers and second
 * factor challenges (their value is the user id), and our verification and email-change links
 * (a JSON claim naming it). A reset forgets them all; so does the account's deletion, which the
 * table's lack of a foreign key would otherwise leave behind. So are the OAuth codes the account
 * consented to that no app has redeemed yet (an authorization code, a device code allowed on
 * /device): redeemed after the reset, one would make a grant that outlived it.
 */
export async function forgetAccountLinks(db: Database, userId: string): Promise<void> {
  await db.delete(oauthAuthorizationCode).where(eq(oauthAuthorizationCode.userId, userId));
  await db.delete(oauthDeviceCode).where(eq(oauthDeviceCode.userId, userId));
  await db.delete(verification).where(
    or(
      eq(verification.value, userId),
      // CASE, not AND: PostgreSQL may evaluate an AND's operands in any order, and the other
      // rows' values are not JSON.
      sql`case when ${verification.identifier} like 'verify-email:%'
          then ${verification.value}::jsonb ->> 'userId' end = ${userId}`,
    ),
  );
}

/**
 * A password reset: the first proof starts the account afresh; any reset forgets its links and
 * revokes its API keys, as it ends its sessions (Better Auth's `revokeSessionsOnPasswordReset`),
 * grants to apps included.
 */
export async function afterPasswordReset(userId: string, headers?: Headers): Promise<void> {
  await getDb().transaction(async (tx) => {
    await proveMailbox(tx, { userId, headers });
    await forgetAccountLinks(tx, userId);
    await dropApiKeys(tx, userId);
  });
}
