import type { Database } from "@/lib/db/client";
import { securityEvent, session } from "@/lib/db/schema";

export const ALL_SESSIONS_REVOKED = "all_sessions_revoked";

/**
 * Incident response for a suspected token leak: deletes every Better Auth session. A session is
 * a refresh-token family (its refresh_token rows cascade), so every refresh token dies at once;
 * every access token dies at its next guard check, which looks its session up. Everyone signs in
 * again. Returns how many sessions were revoked.
 */
export async function revokeAllSessions(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const revoked = await tx.delete(session).returning({ id: session.id });
    await tx.insert(securityEvent).values({ type: ALL_SESSIONS_REVOKED });
    return revoked.length;
  });
}
