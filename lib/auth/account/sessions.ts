/**
 * lib/auth/account/: what a signed-in user does with their account. The list of sessions and
 * their revocation (this module, and ending all of them), deleting the account, the security
 * activity log, the new-sign-in notice with its device cookie and user-agent description, and
 * "keep me signed in".
 */
import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { session } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { isStorableText } from "@/lib/validation/text";
import type { AuthContext } from "../core/guard";
import { displayIp } from "./ip-address";
import { forgetTrustedBrowsers } from "./trusted-browsers";
import { describeUserAgent } from "./user-agent";

/**
 * A user's active sign-ins (refresh families), for the settings page. Every query is scoped to
 * the caller, so another user's session id is indistinguishable from one that does not exist.
 * Never the session token: only its id, which authenticates nothing.
 *
 * Only the person's own sign-ins: a grant to an app is a session row too (`oauth_client_id`
 * set), listed and revoked in Settings → Connected apps (lib/auth/connected-apps/). "Sign out
 * everywhere else" leaves it alone; a password reset, the first proof of the address and the
 * account's deletion end it with every session.
 */
const ownSignIn = isNull(session.oauthClientId);
export type SessionView = Pick<
  typeof session.$inferSelect,
  "id" | "userAgent" | "ipAddress" | "createdAt"
> & {
  /** Last sign-in or token refresh (lib/auth/core/refresh.ts touches `updated_at`). */
  lastUsedAt: Date;
  device: string;
  current: boolean;
};

export async function listSessions({ user, sessionId }: AuthContext): Promise<SessionView[]> {
  const rows = await getDb()
    .select({
      id: session.id,
      userAgent: session.userAgent,
      ipAddress: session.ipAddress,
      createdAt: session.createdAt,
      lastUsedAt: session.updatedAt,
    })
    .from(session)
    .where(and(eq(session.userId, user.id), ownSignIn, gt(session.expiresAt, sql`now()`)))
    .orderBy(desc(session.updatedAt));
  const views = rows.map((row) => ({
    ...row,
    ipAddress: displayIp(row.ipAddress),
    device: describeUserAgent(row.userAgent),
    current: row.id === sessionId,
  }));
  // "This device" first, the others most recently used first.
  return views.sort((a, b) => Number(b.current) - Number(a.current));
}

const sessionNotFound = () => new HttpError(404, "not_found", "Session not found");

/** Ends one of the caller's sessions (its refresh tokens go with it, by cascade). */
export async function revokeSession({ user }: AuthContext, id: string): Promise<void> {
  if (!isStorableText(id)) throw sessionNotFound();
  const deleted = await getDb()
    .delete(session)
    .where(and(eq(session.id, id), eq(session.userId, user.id), ownSignIn))
    .returning({ id: session.id });
  if (deleted.length === 0) throw sessionNotFound();
}

/**
 * "Sign out everywhere else": every session of the caller but the one making the request, and
 * every browser trusted to skip the second factor (this one's too: its trust is not told apart).
 */
export async function revokeOtherSessions({ user, sessionId }: AuthContext): Promise<number> {
  const deleted = await getDb()
    .delete(session)
    .where(and(eq(session.userId, user.id), ownSignIn, ne(session.id, sessionId)))
    .returning({ id: session.id });
  await forgetTrustedBrowsers(user.id);
  return deleted.length;
}
