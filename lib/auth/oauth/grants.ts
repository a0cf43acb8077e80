import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { oauthClient, securityEvent, session, user, workspace } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { jsonNoStore } from "@/lib/http/responses";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { notBanned } from "../core/account-ban";
import { type RequestOrigin, startRefreshFamily } from "../core/refresh";
import { signClientAccessToken } from "../tokens/client-tokens";
import { accessTokenLifetimeSeconds } from "../tokens/tokens";
import type { Client } from "./clients";

/**
 * A grant: a user's consent to one app, for some scopes and one resource. It is a session row
 * (`oauth_client_id`, `scopes`, `resource` set), so its refresh tokens are a refresh family like
 * a browser's (lib/auth/core/refresh.ts: rotation, reuse detection, the family's end), it lasts
 * as long as one (REFRESH_TOKEN_EXPIRE_DAYS, never extended by use), and deleting the row (a
 * revocation, the user's sign-out everywhere, a password reset, the account's deletion) stops its
 * access tokens on their next request, since the guard checks the session every time.
 */
export type Grant = {
  sessionId: string;
  userId: string;
  client: Client;
  scopes: ApiScope[];
  resource: string;
  /** The shared workspace the grant is for, or null for the user's personal tasks. */
  workspaceId: string | null;
};

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Takes the rows a code or a grant references, FOR KEY SHARE (which only their deletion waits
 * for), in a transaction that goes on to lock or write that code or grant: the app's, then the
 * account's (the consenting user's, once known), then the workspace's for a grant to one; false
 * when any is gone. Every deletion that reaches a code or a grant by cascade takes those of its
 * rows above it in this same order: deleting an app (the prune of apps nobody allowed, or its owner in
 * Settings) or a workspace locks its row, then the codes and grants referencing it; deleting an
 * account (../account/account-deletion.ts) locks the apps it registered, then its own row, then
 * its codes, and its shared workspaces by trigger. A redemption that held its code and only then
 * reached one of those rows (its grant's foreign keys, `granted_at`) would wait for the deletion
 * while the deletion waits for it, a deadlock PostgreSQL breaks by aborting one of them (40P01);
 * an insert that reached one of them after its deletion would fail its foreign key. In the
 * deletion's own order one simply waits for the other: a grant that comes first keeps its app
 * (it is allowed now, which the prune checks again), a deletion that comes first leaves nothing
 * to write.
 */
export async function lockGrantParents(
  tx: Transaction,
  parents: { client: Client; userId: string | null; workspaceId: string | null },
): Promise<boolean> {
  const [app] = await tx
    .select({ id: oauthClient.id })
    .from(oauthClient)
    .where(eq(oauthClient.id, parents.client.id))
    .for("key share");
  if (!app) return false;
  if (parents.userId) {
    const [account] = await tx
      .select({ id: user.id })
      .from(user)
      .where(eq(user.id, parents.userId))
      .for("key share");
    if (!account) return false;
  }
  if (!parents.workspaceId) return true;
  const [shared] = await tx
    .select({ id: workspace.id })
    .from(workspace)
    .where(eq(workspace.id, parents.workspaceId))
    .for("key share");
  return !!shared;
}

/** A grant just made, with the first token of its refresh family. */
export type NewGrant = Grant & { refreshToken: string };

/**
 * The grant a redeemed code makes, in the redemption's transaction, with the first token of its
 * refresh family (so that a deletion of its workspace just after the commit takes both, and
 * never leaves a token to write for a grant gone); undefined for an account disabled since the
 * consent (a code is redeemed seconds or minutes after it), which gets no grant, as it gets no
 * sign-in (../core/account-ban.ts). The caller refuses it as any other bad code, in the same
 * words: whether an account is disabled is none of the app's business.
 */
export async function startGrant(
  tx: Transaction,
  terms: Omit<Grant, "sessionId"> & { origin: RequestOrigin },
): Promise<NewGrant | undefined> {
  const [active] = await tx
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.id, terms.userId), notBanned));
  if (!active) return undefined;
  const sessionId = randomBytes(24).toString("base64url");
  await tx.insert(session).values({
    id: sessionId,
    // Better Auth's column; a grant is never a Better Auth sign-in, and this value is never sent.
    token: randomBytes(32).toString("base64url"),
    userId: terms.userId,
    expiresAt: sql`now() + make_interval(days => ${getEnv().REFRESH_TOKEN_EXPIRE_DAYS})`,
    ipAddress: terms.origin.ipAddress ?? null,
    userAgent: terms.origin.userAgent?.slice(0, 512) ?? null,
    oauthClientId: terms.client.id,
    scopes: terms.scopes,
    resource: terms.resource,
    workspaceId: terms.workspaceId,
  });
  // An app someone allowed is never pruned as an unclaimed registration (lib/maintenance/prune.ts).
  await tx
    .update(oauthClient)
    .set({ grantedAt: sql`now()` })
    .where(and(eq(oauthClient.id, terms.client.id), isNull(oauthClient.grantedAt)));
  const { origin: _, ...grant } = terms;
  return { sessionId, ...grant, refreshToken: await startRefreshFamily(sessionId, tx) };
}

/**
 * A code (an authorization code, a device code) came back after it made its grant: it leaked, so
 * the grant it made is revoked (its session deleted: its tokens stop on their next request) and
 * an `oauth_code_reuse` security event recorded.
 */
export async function revokeGrantOfLeakedCode(
  tx: Database | Transaction,
  made: { userId: string | null; sessionId: string | null },
  origin: RequestOrigin,
): Promise<void> {
  if (made.sessionId) await tx.delete(session).where(eq(session.id, made.sessionId));
  await tx.insert(securityEvent).values({
    type: "oauth_code_reuse",
    userId: made.userId,
    sessionId: made.sessionId,
    ipAddress: origin.ipAddress ?? null,
    userAgent: origin.userAgent?.slice(0, 512) ?? null,
  });
}

/**
 * The token response (RFC 6749 §5.1): a fresh access token for the grant's resource with
 * `scopes` (the grant's, or fewer), and the family's refresh token; for a grant for a workspace,
 * `workspace`: its id. Never stored by a cache.
 */
export async function grantTokenResponse(
  grant: Grant,
  scopes: readonly ApiScope[],
  refreshToken: string,
): Promise<Response> {
  const accessToken = await signClientAccessToken({
    sub: grant.userId,
    sid: grant.sessionId,
    clientId: grant.client.clientId,
    scopes,
    resource: grant.resource,
    ...(grant.workspaceId && { workspaceId: grant.workspaceId }),
  });
  const response = jsonNoStore({
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: accessTokenLifetimeSeconds(),
    refresh_token: refreshToken,
    scope: scopes.join(" "),
    // An app reads no claim of its access token (RFC 9068 §6): it learns here where to call.
    ...(grant.workspaceId && { workspace: grant.workspaceId }),
  });
  response.headers.set("pragma", "no-cache");
  return response;
}
