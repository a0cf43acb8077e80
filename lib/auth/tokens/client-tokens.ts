import { SignJWT } from "jose";
import { appOrigin, protectedResources } from "@/lib/http/protected-resources";
import { type ApiScope, isApiScope } from "@/lib/validation/api-scopes";
import {
  accessTokenLifetimeSeconds,
  CLIENT_TOKEN_TYPE,
  headerType,
  issuedWithinOurLifetime,
  RecentlyVerified,
  signWithOurKey,
  verifiedPayload,
} from "./tokens";

/**
 * Access tokens for other apps (docs/oauth.md): JWTs in the RFC 9068 profile, signed with our key
 * like ours, but told apart in every way a verifier looks: `typ: at+jwt`, the app origin as
 * issuer in both modes, a protected resource as audience (RFC 8707), and `client_id` and `scope`.
 * `verifyAccessToken` (./tokens.ts) refuses them, so the proxy, the pages and every first-party
 * guard never take one; only `verifyClientAccessToken` accepts them, and only the guard's
 * scoped checks call it.
 */
export type ClientAccessClaims = {
  sub: string;
  /** The grant (a session row) the token was issued under, checked on every request. */
  sid: string;
  clientId: string;
  scopes: readonly ApiScope[];
  resource: string;
  /**
   * The shared workspace the grant is for (the `workspace` claim), absent for a grant over the
   * user's personal tasks: signed, so the guard knows which routes take the token without a query.
   */
  workspaceId?: string;
};

export async function signClientAccessToken(claims: ClientAccessClaims): Promise<string> {
  const jwt = new SignJWT({
    sid: claims.sid,
    client_id: claims.clientId,
    scope: claims.scopes.join(" "),
    ...(claims.workspaceId && { workspace: claims.workspaceId }),
  })
    .setSubject(claims.sub)
    .setIssuer(appOrigin())
    .setAudience(claims.resource)
    .setIssuedAt()
    .setExpirationTime(`${accessTokenLifetimeSeconds()}s`)
    .setJti(crypto.randomUUID());
  return signWithOurKey(jwt, CLIENT_TOKEN_TYPE);
}

const recentlyVerified = new RecentlyVerified<ClientAccessClaims>();

/** The claims of a valid token for another app, or null for anything else, ours included. */
export async function verifyClientAccessToken(token: string): Promise<ClientAccessClaims | null> {
  const remembered = recentlyVerified.get(token);
  if (remembered) return remembered;
  if (!isClientAccessToken(token)) return null;
  const payload = await verifiedPayload(token, {
    typ: CLIENT_TOKEN_TYPE,
    issuer: appOrigin(),
    audience: protectedResources(),
  });
  if (!payload || !issuedWithinOurLifetime(payload)) return null;
  const { sub, sid, client_id, scope, aud, workspace, exp = 0 } = payload;
  if (typeof sub !== "string" || typeof sid !== "string" || typeof client_id !== "string")
    return null;
  if (typeof scope !== "string" || typeof aud !== "string") return null;
  if (workspace !== undefined && typeof workspace !== "string") return null;
  const scopes = scope.split(" ");
  if (!scopes.every(isApiScope)) return null;
  const claims = Object.freeze({
    sub,
    sid,
    clientId: client_id,
    scopes,
    resource: aud,
    ...(workspace && { workspaceId: workspace }),
  });
  recentlyVerified.remember(token, claims, exp);
  return claims;
}

/** Whether a token says it is one for an app (unverified: to choose which check to run). */
export const isClientAccessToken = (token: string) => headerType(token) === CLIENT_TOKEN_TYPE;
