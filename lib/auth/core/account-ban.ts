import { APIError } from "better-auth/api";
import { and, eq, isNotNull, lte, or, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { user } from "@/lib/db/schema";

/**
 * An account an admin disabled (lib/admin/) signs in nowhere: every session it had ended with
 * the ban, and no new one is created until the ban ends (`ban_expires`, if the admin set one).
 * The guard's one query reads the same condition, so a session created while the ban was being
 * written still gets nothing.
 */
export const notBanned = or(
  eq(user.banned, false),
  // Never null (a ban without an end): `not notBanned` must read true then, not unknown.
  and(isNotNull(user.banExpires), lte(user.banExpires, sql`now()`)),
);

export const ACCOUNT_DISABLED = "ACCOUNT_DISABLED";

/** Better Auth's session-create hook: every sign-in path (password, passkey, provider, code). */
export async function refuseBannedSignIn(userId: string): Promise<void> {
  const [allowed] = await getDb()
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.id, userId), notBanned));
  if (allowed) return;
  throw new APIError("FORBIDDEN", {
    code: ACCOUNT_DISABLED,
    message: "This account has been disabled by an administrator",
  });
}
