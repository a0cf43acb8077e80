import { randomBytes } from "node:crypto";
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { sha256 } from "@/lib/crypto/sha256";
import { getDb } from "@/lib/db/client";
import { oauthAuthorizationCode } from "@/lib/db/schema";
import type { RequestOrigin } from "../core/refresh";
import type { AuthorizationRequest } from "./authorization-request";
import type { Client } from "./clients";
import { oauthError } from "./errors";
import { lockGrantParents, type NewGrant, revokeGrantOfLeakedCode, startGrant } from "./grants";
import { verifierMatches } from "./pkce";

/**
 * Authorization codes (OAuth 2.1 §4.1.2, §4.1.3): 32 random bytes, of which only the SHA-256 hash
 * is stored; they live CODE_LIFETIME_SECONDS and are spent by their first use, whatever its
 * outcome, in one statement (`UPDATE … WHERE used_at IS NULL RETURNING`), so two concurrent uses
 * cannot both succeed. A second use means the code leaked: the grant the first use made is
 * revoked (its session deleted, so its access and refresh tokens stop on their next request) and
 * a security event recorded.
 */
const CODE_LIFETIME_SECONDS = 60;

const hashCode = (code: string) => sha256(code);

/**
 * A new code for the consented `request`, or undefined when its app, the account or the chosen
 * workspace has just been deleted.
 */
export async function issueCode(
  request: AuthorizationRequest,
  userId: string,
  workspaceId: string | null,
): Promise<string | undefined> {
  const code = randomBytes(32).toString("base64url");
  const issued = await getDb().transaction(async (tx) => {
    if (!(await lockGrantParents(tx, { client: request.client, userId, workspaceId })))
      return false;
    await tx.insert(oauthAuthorizationCode).values({
      codeHash: hashCode(code),
      clientId: request.client.id,
      userId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scopes: request.scopes,
      resource: request.resource,
      workspaceId,
      expiresAt: sql`now() + make_interval(secs => ${CODE_LIFETIME_SECONDS})`,
    });
    return true;
  });
  return issued ? code : undefined;
}

/** What the token request says about the code it redeems. */
export type PresentedCode = {
  code: string;
  redirectUri: string | undefined;
  verifier: string | undefined;
  resource: string | undefined;
};

/**
 * The grant a code makes, for the client that redeems it: the code must be live and unspent,
 * issued to this client for this exact redirect URI, the verifier must match its challenge, and a
 * resource, if named, must be the one consented to. Anything else is `invalid_grant`.
 */
export async function redeemCode(
  client: Client,
  presented: PresentedCode,
  origin: RequestOrigin,
): Promise<NewGrant> {
  const codeHash = hashCode(presented.code);
  const outcome = await getDb().transaction(async (tx) => {
    // The code's account and workspace, read first (they never change) to be locked before it.
    const [target] = await tx
      .select({
        userId: oauthAuthorizationCode.userId,
        workspaceId: oauthAuthorizationCode.workspaceId,
      })
      .from(oauthAuthorizationCode)
      .where(eq(oauthAuthorizationCode.codeHash, codeHash));
    const parents = {
      client,
      userId: target?.userId ?? null,
      workspaceId: target?.workspaceId ?? null,
    };
    if (!(await lockGrantParents(tx, parents))) return "refused" as const;
    const [row] = await tx
      .update(oauthAuthorizationCode)
      .set({ usedAt: sql`now()` })
      .where(
        and(eq(oauthAuthorizationCode.codeHash, codeHash), isNull(oauthAuthorizationCode.usedAt)),
      )
      .returning({
        clientId: oauthAuthorizationCode.clientId,
        userId: oauthAuthorizationCode.userId,
        redirectUri: oauthAuthorizationCode.redirectUri,
        codeChallenge: oauthAuthorizationCode.codeChallenge,
        scopes: oauthAuthorizationCode.scopes,
        resource: oauthAuthorizationCode.resource,
        workspaceId: oauthAuthorizationCode.workspaceId,
        live: sql<boolean>`${oauthAuthorizationCode.expiresAt} > now()`,
      });
    if (!row) return "spent" as const;
    const matches =
      row.live &&
      row.clientId === client.id &&
      row.redirectUri === presented.redirectUri &&
      verifierMatches(presented.verifier, row.codeChallenge) &&
      (presented.resource === undefined || presented.resource === row.resource);
    // Spent either way: a code guessed at, or presented by the wrong client, is not tried twice.
    if (!matches) return "refused" as const;
    const grant = await startGrant(tx, {
      userId: row.userId,
      client,
      scopes: row.scopes,
      resource: row.resource,
      workspaceId: row.workspaceId,
      origin,
    });
    if (!grant) return "refused" as const;
    await tx
      .update(oauthAuthorizationCode)
      .set({ grantSessionId: grant.sessionId })
      .where(eq(oauthAuthorizationCode.codeHash, codeHash));
    return grant;
  });
  if (outcome === "spent") await revokeGrantOfReusedCode(codeHash, origin);
  if (typeof outcome === "string") {
    throw oauthError("invalid_grant", "The authorization code is invalid, expired or used");
  }
  return outcome;
}

async function revokeGrantOfReusedCode(codeHash: string, origin: RequestOrigin) {
  const db = getDb();
  const [used] = await db
    .select({
      userId: oauthAuthorizationCode.userId,
      sessionId: oauthAuthorizationCode.grantSessionId,
    })
    .from(oauthAuthorizationCode)
    .where(
      and(eq(oauthAuthorizationCode.codeHash, codeHash), isNotNull(oauthAuthorizationCode.usedAt)),
    );
  if (used) await revokeGrantOfLeakedCode(db, used, origin);
}
