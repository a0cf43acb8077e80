import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { workspaceMember } from "@/lib/db/schema";

/**
 * The workspaces a user belongs to, with the role in each, for token introspection: a resource
 * server authorises by workspace role from the same answer that tells it the session is alive,
 * and sees a removal or a demotion as soon as it asks again. The access token carries none of it.
 */
export async function workspaceMemberships(userId: string) {
  return getDb()
    .select({ id: workspaceMember.workspaceId, role: workspaceMember.role })
    .from(workspaceMember)
    .where(eq(workspaceMember.userId, userId))
    .orderBy(workspaceMember.createdAt, workspaceMember.workspaceId);
}
