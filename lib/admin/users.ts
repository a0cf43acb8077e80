import { and, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { deleteAccountInLockOrder } from "@/lib/auth/account/account-deletion";
import { notBanned } from "@/lib/auth/core/account-ban";
import { deliverVerificationLink } from "@/lib/auth/email-ownership/email-verification";
import { type Database, getDb } from "@/lib/db/client";
import { securityEvent, session, tasks, user, userProfileColumns } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { type Keyset, keysetAfter, keysetOrder, timestampKey, toPage } from "@/lib/http/keyset";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import { isStorableText } from "@/lib/validation/text";
import { type Actor, recordAdminAction } from "./audit";
import type { BanUserInput, DeleteUserInput, ListUsersQuery, UpdateUserRoleInput } from "./schemas";

// The outer column is qualified by hand: drizzle prints a single-table select's columns bare,
// and a bare "id" inside a subquery would mean the subquery's own table's id.
const userId = sql`${user}.${sql.identifier(user.id.name)}`;

// Correlated lookups: one index probe per user on the page, never a scan of all tasks or events.
const taskCount: SQL<number> = sql<number>`(select count(*) from ${tasks} where ${tasks.userId} = ${userId})::int`;
const lastSignInAt: SQL<Date | null> =
  sql<Date | null>`(select max(${securityEvent.createdAt}) from ${securityEvent} where ${securityEvent.userId} = ${userId} and ${securityEvent.type} = 'signed_in')`.mapWith(
    (value: string | Date | null) => (value === null ? null : new Date(value)),
  );

/** What an admin sees of an account: never a password hash, session or token. */
const adminUserColumns = {
  ...userProfileColumns,
  createdAt: user.createdAt,
  disabled: sql<boolean>`not (${notBanned})`.mapWith(Boolean),
  banReason: user.banReason,
  banExpires: user.banExpires,
};

// Newest accounts first, on the (created_at, id) index.
const newestFirst: Keyset = {
  name: "users",
  key: timestampKey(user.createdAt),
  id: user.id,
  idFormat: z.string().min(1),
  descending: true,
};

export async function listUsers(query: ListUsersQuery) {
  const rows = await getDb()
    .select({ ...adminUserColumns, lastSignInAt, taskCount, cursorKey: newestFirst.key.asText })
    .from(user)
    .where(and(query.q ? matches(query.q) : undefined, keysetAfter(newestFirst, query.cursor)))
    .orderBy(...keysetOrder(newestFirst))
    .limit(query.limit + 1);
  return toPage(newestFirst, rows, query.limit);
}

export type AdminUserPage = Awaited<ReturnType<typeof listUsers>>;

// Case-insensitive substring of the email or the name; the LIKE wildcards typed are literal.
function matches(q: string): SQL | undefined {
  const pattern = `%${q.replace(/[\\%_]/g, "\\$&")}%`;
  return or(ilike(user.email, pattern), ilike(user.name, pattern));
}

type Target = { id: string; email: string; role: string; emailVerified: boolean };

const userNotFound = () => new HttpError(404, "not_found", "User not found");

// An id from the URL that PostgreSQL cannot hold names no account.
function refuseUnstorableId(id: string) {
  if (!isStorableText(id)) throw userNotFound();
}

/** The account an action is about, locked until the action's transaction ends; 404 if none. */
async function lockTarget(tx: Database, id: string): Promise<Target> {
  refuseUnstorableId(id);
  const [target] = await tx
    .select({ id: user.id, email: user.email, role: user.role, emailVerified: user.emailVerified })
    .from(user)
    .where(eq(user.id, id))
    .for("update");
  if (!target) throw userNotFound();
  return target;
}

const conflict = (code: string, message: string) => new HttpError(409, code, message);

/** Actions that would lock an admin out of the console are done from Settings, or not at all. */
function refuseOwnAccount(actor: Actor, target: Target) {
  if (target.id === actor.id) {
    throw conflict("own_account", "Not on your own account: use Settings for that");
  }
}

function refuseAdmin(target: Target) {
  if (target.role === "admin") {
    throw conflict("target_is_admin", "This account is an admin: make it a user first");
  }
}

async function readUser(tx: Database, id: string) {
  const [row] = await tx.select(adminUserColumns).from(user).where(eq(user.id, id));
  if (!row) throw userNotFound();
  return row;
}

/**
 * Changes an account's role. Only a verified account becomes admin (an unproven address may
 * belong to anyone), a change to one's own role must be confirmed, and the last admin stays. The
 * admin rows are locked first (in id order, so two callers never deadlock): of two admins
 * demoting each other at once, the second waits for the first to commit, then no longer counts
 * the first among the admins, and is refused.
 */
export async function setUserRole(actor: Actor, id: string, change: UpdateUserRoleInput) {
  return getDb().transaction(async (tx) => {
    const admins = await tx
      .select({ id: user.id })
      .from(user)
      .where(eq(user.role, "admin"))
      .orderBy(user.id)
      .for("update");
    const target = await lockTarget(tx, id);
    if (target.id === actor.id && !change.confirmOwnRole) {
      throw conflict("confirm_own_role", "This is your own role: confirm the change");
    }
    if (change.role === "admin" && !target.emailVerified) {
      throw conflict("unverified", "Only an account with a verified email can become admin");
    }
    if (change.role !== "admin" && admins.length === 1 && admins[0]?.id === id) {
      throw conflict("last_admin", "This is the last admin: promote someone else first");
    }
    if (target.role !== change.role) {
      // An admin decided: ADMIN_EMAILS never changes this account's role again.
      await tx
        .update(user)
        .set({ role: change.role, roleSetAt: new Date() })
        .where(eq(user.id, id));
      await recordAdminAction(tx, actor, "role_changed", target, `${target.role} → ${change.role}`);
    }
    return readUser(tx, id);
  });
}

/**
 * Disables an account: sign-in is refused (lib/auth/core/account-ban.ts) and every session
 * ends in the same transaction, so its refresh tokens (by cascade) and its access tokens (the
 * guard's query finds no session) stop at their next use.
 */
export async function disableUser(actor: Actor, id: string, ban: BanUserInput) {
  return getDb().transaction(async (tx) => {
    const target = await lockTarget(tx, id);
    refuseOwnAccount(actor, target);
    refuseAdmin(target);
    const until = ban.until ? new Date(ban.until) : null;
    await tx
      .update(user)
      .set({ banned: true, banReason: ban.reason, banExpires: until })
      .where(eq(user.id, id));
    await tx.delete(session).where(eq(session.userId, id));
    const detail = until ? `${ban.reason} (until ${until.toISOString()})` : ban.reason;
    await recordAdminAction(tx, actor, "user_disabled", target, detail);
    return readUser(tx, id);
  });
}

export async function enableUser(actor: Actor, id: string) {
  return getDb().transaction(async (tx) => {
    const target = await lockTarget(tx, id);
    await tx
      .update(user)
      .set({ banned: false, banReason: null, banExpires: null })
      .where(eq(user.id, id));
    await recordAdminAction(tx, actor, "user_enabled", target);
    return readUser(tx, id);
  });
}

/** Signs the account out everywhere: every refresh family ends, and its access tokens with it. */
export async function endUserSessions(actor: Actor, id: string): Promise<{ ended: number }> {
  return getDb().transaction(async (tx) => {
    const target = await lockTarget(tx, id);
    refuseOwnAccount(actor, target);
    const ended = await tx
      .delete(session)
      .where(eq(session.userId, id))
      .returning({ id: session.id });
    await recordAdminAction(tx, actor, "sessions_ended", target, `${ended.length} ended`);
    return { ended: ended.length };
  });
}

/** A new link to an unverified address (within the per-address mail cap, as every such mail). */
export async function resendVerification(actor: Actor, id: string): Promise<void> {
  const target = await getDb().transaction(async (tx) => {
    const locked = await lockTarget(tx, id);
    if (locked.emailVerified) throw conflict("already_verified", "This address is verified");
    await recordAdminAction(tx, actor, "verification_resent", locked);
    const [recipient] = await tx
      .select({ id: user.id, email: user.email, name: user.name })
      .from(user)
      .where(eq(user.id, id));
    return recipient;
  });
  if (target) await deliverVerificationLink(target);
}

/**
 * Deletes an account and everything it owns (foreign keys cascade, and its `verification` rows,
 * which have no foreign key), once the admin typed its email again, in the lock order of every
 * account's deletion (lib/auth/account/account-deletion.ts). Never one's own (Settings asks for
 * the password) and never an admin's.
 */
export async function deleteUser(actor: Actor, id: string, { confirmEmail }: DeleteUserInput) {
  refuseUnstorableId(id);
  await getDb().transaction(async (tx) => {
    const target = await deleteAccountInLockOrder(tx, id, async () => {
      const locked = await lockTarget(tx, id);
      if (normalizeEmail(confirmEmail) !== locked.email) {
        throw new HttpError(400, "confirmation_mismatch", "Type the account's email to delete it", {
          fields: { confirmEmail: ["Type the account's email exactly"] },
        });
      }
      refuseOwnAccount(actor, locked);
      refuseAdmin(locked);
      return locked;
    });
    await recordAdminAction(tx, actor, "user_deleted", target);
  });
}

/** Site-wide counts; a sign-in is a finished sign-in's security event (ended sessions count). */
export async function getAdminStats() {
  const [stats] = await getDb()
    .select({
      users: sql<number>`count(*)::int`,
      tasks: sql<number>`(select count(*) from ${tasks})::int`,
      signInsLast24h: sql<number>`(select count(*) from ${securityEvent} where ${securityEvent.type} = 'signed_in' and ${securityEvent.createdAt} > now() - interval '24 hours')::int`,
    })
    .from(user);
  if (!stats) throw new Error("an aggregate query returned no row");
  return stats;
}
