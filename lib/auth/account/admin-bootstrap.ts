import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { user } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";

/**
 * ADMIN_EMAILS is a bootstrap list, not a source of truth. An account on it becomes
 * admin once its address is proven: when the verification link is followed, or at the next
 * sign-in of an account verified before the list named it. Never before: whoever registers a
 * listed address first does not get admin by typing it. It happens once (`role_set_at`); an
 * admin's later change through the admin API also sets it, so a demotion sticks.
 */
export async function promoteListedAdmin(db: Database, userId: string): Promise<void> {
  const listed = getEnv().ADMIN_EMAILS;
  if (listed.length === 0) return;
  await db
    .update(user)
    .set({ role: "admin", roleSetAt: new Date() })
    .where(
      and(
        eq(user.id, userId),
        eq(user.emailVerified, true),
        isNull(user.roleSetAt),
        sql`lower(${user.email}) in ${listed}`,
      ),
    );
}
