/**
 * lib/auth/core/: the auth core on the server. The guard (the one way a route gets a user) and
 * the owner scope only it makes, issuing a token pair and rotating refresh tokens, the page
 * session, token introspection for other services, the auth routes' credential parsing and rate
 * limits, and the production start check of the environment and the signing keys.
 */
import { and, eq, getTableColumns, gt, sql } from "drizzle-orm";
import { decodeJwt } from "jose";
import { type Database, getDb } from "@/lib/db/client";
import { preparedPerDatabase } from "@/lib/db/prepared";
import { session, type UserProfile, user, userProfileColumns } from "@/lib/db/schema";
import { insufficientScopeError, unauthenticatedError } from "@/lib/http/bearer-challenge";
import { HttpError } from "@/lib/http/errors";
import { noteRequestUser } from "@/lib/http/log";
import { resourceNameOfPath, resourceUrl } from "@/lib/http/protected-resources";
import { declaredScope } from "@/lib/http/route-contract";
import { enforceRateLimit, type RateLimitName } from "@/lib/rate-limit/index";
import type { Role } from "@/lib/validation/roles";
import {
  type ClientAccessClaims,
  isClientAccessToken,
  verifyClientAccessToken,
} from "../tokens/client-tokens";
import { cookieNames, readCredentialCookie } from "../tokens/cookies";
import { type AccessClaims, verifyAccessToken } from "../tokens/tokens";
import { notBanned } from "./account-ban";
import { lacksRequiredSecondFactor, secondFactorRequired } from "./admin-requirement";
import { type ApiKeyHolder, apiKeyHolder } from "./api-key-holder";
import { isApiKey } from "./api-key-secret";
import { type OwnerScope, scopeCheckedInStatement, scopeOfCheckedSession } from "./owner-scope";

export type { OwnerScope } from "./owner-scope";

/**
 * The one way a route handler or server component gets a user. The proxy (proxy.ts) is only an
 * optimistic gate for pages (a request can skip it), so every private read calls this.
 *
 * It verifies the access token, then checks in one indexed query that the token's session
 * (its refresh family) still exists, that the account is not disabled (lib/admin/), and reads
 * the user's current role: logout, revocation, password reset, role changes, a ban and account
 * deletion take effect on the next request.
 *
 * Rows a user owns are read and written through an `OwnerScope` (lib/auth/core/owner-scope.ts),
 * which only this module makes: `requireOwner` for routes whose work is a statement over the
 * caller's rows (the session check rides on that statement), and `scope` of every checked session.
 * To add an owned resource: give its table an owner column, take the scope from
 * `requireOwner(request, { limit })` (or `.scope` of a page's `requirePageSession()`), and write
 * `where(and(scope.owns(table.userId), ...))` in every statement (AND-ed, never under an OR) and
 * `userId: scope.ownerValue()` in every insert. Nothing else to call: a statement that finds
 * nothing has checked the session too, and an ended session is a 401.
 */
export type AuthContext = { user: UserProfile; sessionId: string; scope: OwnerScope };

/**
 * The access token of a request. The cookie wins over `Authorization: Bearer` (docs/features.md);
 * two different access cookies mean no token at all (lib/auth/tokens/cookies.ts
 * `readCredentialCookie`).
 */
function accessTokenFrom(headers: Headers): string | undefined {
  const fromCookie = readCredentialCookie(headers.get("cookie"), cookieNames().access);
  if (fromCookie === "conflict") return undefined;
  if (fromCookie) return fromCookie;
  const authorization = headers.get("authorization");
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** Null unless the token is valid and its session still active. */
export async function authenticate(token: string | undefined): Promise<AuthContext | null> {
  if (!token) return null;
  const claims = await verifyAccessToken(token);
  if (!claims) return null;
  const [row] = await sessionUserQuery(getDb()).execute({ sid: claims.sid, sub: claims.sub });
  return row ? { user: row, sessionId: claims.sid, scope: scopeOfCheckedSession(row.id) } : null;
}

// The guard's query runs on nearly every request.
const sessionUserQuery = preparedPerDatabase((db: Database) =>
  db
    .select(userProfileColumns)
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(
      and(
        eq(session.id, sql.placeholder("sid")),
        eq(session.userId, sql.placeholder("sub")),
        gt(session.expiresAt, sql`now()`),
        notBanned,
      ),
    )
    .prepare(""),
);

/**
 * 401 for a request without a usable access token; its challenge says whether it sent one. An
 * API key or an app's token where the route takes none is a 403 instead: signing in again would
 * not help a script or an app.
 */
export function unauthenticated(headers: Headers) {
  const presented = accessTokenFrom(headers);
  if (presented && isApiKey(presented)) return insufficientScopeError(undefined, "api-key");
  if (presented && isClientAccessToken(presented)) return insufficientScopeError(undefined, "app");
  return unauthenticatedError(presented !== undefined);
}

/** The user of a request (route handler or server component), from its headers alone. */
export async function authenticateHeaders(headers: Headers): Promise<AuthContext | null> {
  return authenticate(trustedAccessToken(headers));
}

/** Seconds the access token has left and its full lifetime, after `authenticateHeaders`. */
export function accessTokenTimes(headers: Headers): { expiresIn: number; lifetime: number } {
  // Verified by authenticateHeaders: decoding only reads the times.
  const { exp = 0, iat = 0 } = decodeJwt(trustedAccessToken(headers) ?? "");
  return { expiresIn: Math.max(0, exp - Date.now() / 1000), lifetime: exp - iat };
}

/**
 * The session a request's access token names, as Better Auth represents it (its whole session
 * and user rows), for the front door's token bridge (lib/auth/better-auth/token-bridge.ts): one
 * query hands Better Auth the signed-in session, so it does not look the session up again.
 */
export type BetterAuthSession = {
  session: Omit<typeof session.$inferSelect, keyof typeof grantColumns>;
  user: typeof user.$inferSelect;
};

// A grant's own columns (lib/auth/oauth/) are not Better Auth's: its session answers never show
// them, and a first-party token never names a grant anyway.
const { oauthClientId, scopes, resource, workspaceId, ...betterAuthSessionColumns } =
  getTableColumns(session);
const grantColumns = { oauthClientId, scopes, resource, workspaceId };

export async function betterAuthSessionOf(headers: Headers): Promise<BetterAuthSession | null> {
  const claims = await signedInClaims(headers);
  if (!claims) return null;
  const [row] = await getDb()
    .select({ session: betterAuthSessionColumns, user })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(
      and(
        eq(session.id, claims.sid),
        eq(session.userId, claims.sub),
        gt(session.expiresAt, sql`now()`),
        notBanned,
      ),
    );
  return row ?? null;
}

/**
 * The claims of a request's valid access token, without asking the database whether its session
 * is still active: for decisions that may be optimistic (which rate-limit counter an attempt
 * counts against), never for access to data.
 */
export async function signedInClaims(headers: Headers): Promise<AccessClaims | null> {
  const token = trustedAccessToken(headers);
  return token ? verifyAccessToken(token) : null;
}

function trustedAccessToken(headers: Headers): string | undefined {
  // CVE-2025-29927 used this header to skip middleware; no legitimate client sends it here.
  if (headers.has("x-middleware-subrequest")) return undefined;
  return accessTokenFrom(headers);
}

export async function requireUser(
  request: Request,
  options: { role?: Role } = {},
): Promise<AuthContext> {
  const context = await authenticateHeaders(request.headers);
  if (!context) throw unauthenticated(request.headers);
  noteRequestUser(request, context.user.id);
  if (options.role && context.user.role !== options.role) {
    throw new HttpError(403, "forbidden", "You do not have access to this resource");
  }
  if (options.role === "admin" && (await lacksRequiredSecondFactor(context.user))) {
    throw secondFactorRequired();
  }
  return context;
}

/**
 * The guard for routes whose work is a statement over the caller's own rows (the task API): it
 * verifies the token, counts the request against the per-user rate limit `limit` names, and the
 * session check rides on the route's statements (lib/auth/core/owner-scope.ts) instead of costing a
 * round trip of its own. Revocation therefore still takes effect on the next request, and
 * nothing is read or written for an ended session.
 */
export async function requireOwner(
  request: Request,
  options: { limit: RateLimitName },
): Promise<OwnerScope> {
  const key = presentedApiKey(request.headers);
  if (key) {
    const holder = await requireKeyHolder(request, key);
    await enforceRateLimit(options.limit, holder.user.id);
    return scopeOfCheckedSession(holder.user.id);
  }
  const claims =
    (await signedInClaims(request.headers)) ??
    personalGrant(request, await requireAppGrant(request));
  noteRequestUser(request, claims.sub);
  await enforceRateLimit(options.limit, claims.sub);
  return scopeCheckedInStatement(claims);
}

/**
 * A grant for a workspace covers that workspace's tasks only: on a route over the user's own
 * rows it is refused as a token without the route's scope would be.
 */
function personalGrant(request: Request, grant: ClientAccessClaims): ClientAccessClaims {
  if (!grant.workspaceId) return grant;
  const { options } = insufficientScopeError(declaredScope(request), "app");
  throw new HttpError(
    403,
    "insufficient_scope",
    "This app was allowed one workspace's tasks, not the personal ones",
    options,
  );
}

/**
 * The claims of an app's token on a route of one workspace (lib/workspaces/scope.ts), which
 * declares a scope the grant holds; only a grant for a workspace is taken there, and the route
 * compares its workspace with the grant's. Anything else is refused as `unauthenticated` says.
 */
export async function requireWorkspaceGrant(
  request: Request,
): Promise<ClientAccessClaims & { workspaceId: string }> {
  const token = trustedAccessToken(request.headers);
  if (!token || !isClientAccessToken(token)) throw unauthenticated(request.headers);
  const grant = await requireAppGrant(request);
  if (!grant.workspaceId) throw insufficientScopeError(undefined, "app");
  return { ...grant, workspaceId: grant.workspaceId };
}

/**
 * The user's profile, for a signed-in user or an API key with the `profile` scope: the one guard
 * of a route whose caller is only `{ user }`, since a key has no session.
 */
export async function requireProfile(request: Request): Promise<{ user: UserProfile }> {
  const key = presentedApiKey(request.headers);
  if (key) return { user: (await requireKeyHolder(request, key)).user };
  const token = trustedAccessToken(request.headers);
  if (!token || !isClientAccessToken(token)) return requireUser(request);
  const user = await grantHolder(await requireAppGrant(request));
  if (!user) throw unauthenticatedError(true);
  return { user };
}

/** The user an app's token acts for, while its grant (a session) lives: the guard's query. */
export async function grantHolder(grant: ClientAccessClaims): Promise<UserProfile | null> {
  const [row] = await sessionUserQuery(getDb()).execute({ sid: grant.sid, sub: grant.sub });
  return row ?? null;
}

/** The API key a request authenticates with (the access cookie wins over any bearer). */
function presentedApiKey(headers: Headers): string | undefined {
  const credential = trustedAccessToken(headers);
  return credential && isApiKey(credential) ? credential : undefined;
}

/**
 * An API key's holder (lib/auth/api-keys/), on a route that declares the scope it needs
 * (lib/http/route-contract.ts `scope`) and only if the key holds it: a route that declares none
 * takes no key, so admin, session, account and key management routes never see one. The key's
 * check is one query (./api-key-holder.ts), as a session's is.
 */
async function requireKeyHolder(request: Request, key: string): Promise<ApiKeyHolder> {
  const needed = declaredScope(request);
  if (!needed) throw insufficientScopeError(undefined, "api-key");
  const holder = await apiKeyHolder(key);
  if (!holder) throw unauthenticatedError(true);
  noteRequestUser(request, holder.user.id);
  if (!holder.scopes.includes(needed)) throw insufficientScopeError(needed, "api-key");
  return holder;
}

/**
 * The claims of an app's access token (lib/auth/tokens/client-tokens.ts), taken where an API key
 * is: on a route that declares a scope, which the grant holds, and only for the resource the
 * route belongs to (its audience: the task API, or the MCP endpoint under /api/mcp). Its grant is
 * a session, whose liveness the caller checks as for a signed-in user's token (in the statement,
 * or by the guard's query): a revoked grant is refused on its next request.
 */
async function requireAppGrant(request: Request): Promise<ClientAccessClaims> {
  const token = trustedAccessToken(request.headers);
  const resource = resourceNameOfPath(new URL(request.url).pathname);
  const grant = token ? await verifyClientAccessToken(token) : null;
  if (!grant) throw unauthenticatedError(token !== undefined, resource);
  if (grant.resource !== resourceUrl(resource)) throw unauthenticatedError(true, resource);
  const needed = declaredScope(request);
  if (!needed) throw insufficientScopeError(undefined, "app");
  if (!grant.scopes.includes(needed)) throw insufficientScopeError(needed, "app");
  return grant;
}
