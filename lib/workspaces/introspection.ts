import { and, eq, type SQL } from "drizzle-orm";
import type { ActiveIntrospection } from "@/lib/auth/core/introspection";
import { getDb } from "@/lib/db/client";
import { workspaceMember } from "@/lib/db/schema";

/**
 * The workspaces a token reaches, with its holder's role in each now, for token introspection: a
 * resource server authorises by workspace role from the same answer that tells it the token is
 * alive, and sees a removal or a demotion as soon as it asks again. The access token carries none
 * of it. A token reaches what our own workspace routes would let it reach, never more:
 * - the user's own sign-in: every workspace they belong to;
 * - an app's token granted one workspace: that one, while the user is still a member there;
 * - an app granted the personal tasks, or an API key: none (neither is taken on a workspace's
 *   routes), though the user's memberships are many.
 */
export async function workspacesReachedBy(answer: ActiveIntrospection) {
  if ("sid" in answer) return memberships(answer.sub);
  if ("workspace" in answer && answer.workspace) {
    return memberships(answer.sub, eq(workspaceMember.workspaceId, answer.workspace));
  }
  return [];
}

function memberships(userId: string, only?: SQL) {
  return getDb()
    .select({ id: workspaceMember.workspaceId, role: workspaceMember.role })
    .from(workspaceMember)
    .where(and(eq(workspaceMember.userId, userId), only))
    .orderBy(workspaceMember.createdAt, workspaceMember.workspaceId);
}
