import { and, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { oauthClient, session, workspace } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { isStorableText } from "@/lib/validation/text";
import { recordSecurityEvent } from "../account/security-events";

/**
 * A user's grants to apps: each is a session row naming the client (lib/db/schema.ts `session`),
 * so revoking one deletes that row, its refresh tokens go by cascade, and its access tokens are
 * refused at their next request, whose guard check looks the session up.
 */
export type GrantView = {
  /** The grant's session id: it names the grant, and authenticates nothing. */
  id: string;
  clientId: string;
  clientName: string;
  /** API scopes (lib/validation/api-scopes.ts), as consented. */
  scopes: string[];
  /** The shared workspace the grant is for (its name now), null for the personal tasks. */
  workspace: { id: string; name: string } | null;
  grantedAt: Date;
  /** The last token refresh (lib/auth/core/refresh.ts stamps `updated_at`), or the grant itself. */
  lastUsedAt: Date;
  /** Who registered the app: the user in Settings, the app itself (RFC 7591), or someone else. */
  registeredBy: "you" | "itself" | "another account";
};

/** The user's grants in force, most recently used first. */
export async function listGrants(userId: string): Promise<GrantView[]> {
  const rows = await getDb()
    .select({
      id: session.id,
      clientId: oauthClient.clientId,
      clientName: oauthClient.name,
      ownerId: oauthClient.ownerId,
      scopes: session.scopes,
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      grantedAt: session.createdAt,
      lastUsedAt: session.updatedAt,
    })
    .from(session)
    .innerJoin(oauthClient, eq(oauthClient.id, session.oauthClientId))
    .leftJoin(workspace, eq(workspace.id, session.workspaceId))
    .where(and(eq(session.userId, userId), gt(session.expiresAt, sql`now()`)))
    .orderBy(desc(session.updatedAt));
  return rows.map(({ ownerId, scopes, workspaceId, workspaceName, ...row }) => ({
    ...row,
    scopes: scopes ?? [],
    workspace: workspaceId && workspaceName ? { id: workspaceId, name: workspaceName } : null,
    registeredBy: ownerId === null ? "itself" : ownerId === userId ? "you" : "another account",
  }));
}

const grantNotFound = () => new HttpError(404, "not_found", "No such app access of yours");

/**
 * Ends one of the user's grants: the app's tokens stop on their next request. Only a grant: the
 * user's own sign-ins are ended in Settings → Sessions, and another user's grant is not found.
 */
export async function revokeGrant(userId: string, id: string, headers: Headers): Promise<void> {
  if (!isStorableText(id)) throw grantNotFound();
  const revoked = await getDb()
    .delete(session)
    .where(and(eq(session.id, id), eq(session.userId, userId), isNotNull(session.oauthClientId)))
    .returning({ id: session.id });
  if (revoked.length === 0) throw grantNotFound();
  await recordSecurityEvent("oauth_grant_revoked", userId, headers);
}
