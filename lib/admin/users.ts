import { eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { session, tasks, user, userProfileColumns } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { type Keyset, keysetAfter, keysetOrder, timestampKey, toPage } from "@/lib/http/keyset";
import type { ListUsersQuery, UpdateUserRoleInput } from "./schemas";

/** What an admin sees of an account: never a password hash, session or token. */
const adminUserColumns = { ...userProfileColumns, createdAt: user.createdAt };

// A correlated count: one owner-index lookup per user on the page, never a scan of all tasks.
// The outer column is qualified by hand: drizzle prints a single-table select's columns bare,
// and a bare "id" inside the subquery would mean tasks.id.
const taskCount: SQL<number> = sql<number>`(select count(*) from ${tasks} where ${tasks.userId} = ${user}.${sql.identifier(user.id.name)})::int`;

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
    .select({ ...adminUserColumns, taskCount, cursorKey: newestFirst.key.asText })
    .from(user)
    .where(keysetAfter(newestFirst, query.cursor))
    .orderBy(...keysetOrder(newestFirst))
    .limit(query.limit + 1);
  return toPage(newestFirst, rows, query.limit);
}

export type AdminUserPage = Awaited<ReturnType<typeof listUsers>>;

/**
 * Changes an account's role, refusing to demote the last admin. The admin rows are locked first
 * (in id order, so two callers never deadlock): of two admins demoting each other at once, the
 * second waits for the first to commit, then no longer counts the first among the admins, and
 * is refused.
 */
export async function setUserRole(userId: string, { role }: UpdateUserRoleInput) {
  return getDb().transaction(async (tx) => {
    const admins = await tx
      .select({ id: user.id })
      .from(user)
      .where(eq(user.role, "admin"))
      .orderBy(user.id)
      .for("update");
    if (role !== "admin" && admins.length === 1 && admins[0]?.id === userId) {
      throw new HttpError(409, "last_admin", "This is the last admin: promote someone else first");
    }
    const [updated] = await tx
      .update(user)
      // An admin decided: ADMIN_EMAILS never changes this account's role again.
      .set({ role, roleSetAt: new Date() })
      .where(eq(user.id, userId))
      .returning(adminUserColumns);
    if (!updated) throw new HttpError(404, "not_found", "User not found");
    return updated;
  });
}

/** Site-wide counts; a sign-in is a session created (Better Auth creates one per sign-in). */
export async function getAdminStats() {
  const [stats] = await getDb()
    .select({
      users: sql<number>`count(*)::int`,
      tasks: sql<number>`(select count(*) from ${tasks})::int`,
      signInsLast24h: sql<number>`(select count(*) from ${session} where ${session.createdAt} > now() - interval '24 hours')::int`,
    })
    .from(user);
  if (!stats) throw new Error("an aggregate query returned no row");
  return stats;
}
