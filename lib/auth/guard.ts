import { and, eq, gt, type SQL, sql } from "drizzle-orm";
import { type Database, getDb } from "@/lib/db/client";
import { errorChain } from "@/lib/db/error-chain";
import { session, user } from "@/lib/db/schema";
import { bearerChallenge } from "@/lib/http/bearer-challenge";
import { HttpError } from "@/lib/http/errors";
import { noteRequestUser } from "@/lib/http/log";
import { cookieNames, readCredentialCookie } from "./cookies";
import type { Role } from "./roles";
import { lacksRequiredSecondFactor, secondFactorRequired } from "./second-factor/admin-requirement";
import { type AccessClaims, verifyAccessToken } from "./tokens";

/**
 * The one way a route handler or server component gets a user. The middleware is only an
 * optimistic gate for pages (a request can skip it), so every private read calls this.
 *
 * It verifies the access token, then checks in one indexed query that the token's session
 * (its refresh family) still exists and reads the user's current role: logout, revocation,
 * password reset, role changes and account deletion take effect on the next request.
 * `requireOwner` is the same check for the task API, folded into the route's own statement.
 */
export type CurrentUser = Pick<
  typeof user.$inferSelect,
  "id" | "email" | "name" | "role" | "emailVerified" | "twoFactorEnabled"
>;
export type AuthContext = { user: CurrentUser; sessionId: string };

/**
 * The access token of a request. The cookie wins over `Authorization: Bearer` (README); two
 * different access cookies mean no token at all (lib/auth/cookies.ts `readCredentialCookie`).
 */
export function accessTokenFrom(headers: Headers): string | undefined {
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
  return row ? { user: row, sessionId: claims.sid } : null;
}

// The guard's query runs on nearly every request, so drizzle renders its SQL once per database
// client instead of on every call (~80 µs of the request's one JavaScript thread). It stays
// PostgreSQL's unnamed statement (the empty name): a named one would collide on the embedded
// PGlite, where every connection shares one backend, and on transaction-mode poolers.
const preparedSessionUser = new WeakMap<Database, ReturnType<typeof prepareSessionUser>>();

function sessionUserQuery(db: Database) {
  let query = preparedSessionUser.get(db);
  if (!query) {
    query = prepareSessionUser(db);
    preparedSessionUser.set(db, query);
  }
  return query;
}

function prepareSessionUser(db: Database) {
  return db
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      emailVerified: user.emailVerified,
      twoFactorEnabled: user.twoFactorEnabled,
    })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(
      and(
        eq(session.id, sql.placeholder("sid")),
        eq(session.userId, sql.placeholder("sub")),
        gt(session.expiresAt, sql`now()`),
      ),
    )
    .prepare("");
}

/** 401 for a request without a usable access token; its challenge says whether it sent one. */
export const unauthenticated = (headers: Headers) =>
  new HttpError(401, "unauthenticated", "Sign in to continue", {
    headers: bearerChallenge(accessTokenFrom(headers) !== undefined),
  });

/** The user of a request (route handler or server component), from its headers alone. */
export async function authenticateHeaders(headers: Headers): Promise<AuthContext | null> {
  return authenticate(trustedAccessToken(headers));
}

/**
 * The session a request's access token names, as Better Auth represents it (its whole session
 * and user rows), for the front door's token bridge (lib/auth/front-door/token-bridge.ts): one
 * query hands Better Auth the signed-in session, so it does not look the session up again.
 */
export type BetterAuthSession = {
  session: typeof session.$inferSelect;
  user: typeof user.$inferSelect;
};

export async function betterAuthSessionOf(headers: Headers): Promise<BetterAuthSession | null> {
  const claims = await signedInClaims(headers);
  if (!claims) return null;
  const [row] = await getDb()
    .select({ session, user })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(
      and(
        eq(session.id, claims.sid),
        eq(session.userId, claims.sub),
        gt(session.expiresAt, sql`now()`),
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
  if (options.role === "admin" && lacksRequiredSecondFactor(context.user)) {
    throw secondFactorRequired();
  }
  return context;
}

/**
 * The user whose rows a statement may touch. `id` is for limits and logs; statements compare
 * their owner column with `sql`. A statement that returned or changed a row has compared it
 * with `sql`, so it has passed whatever check `sql` carries; one that matched nothing may not
 * have evaluated it (PostgreSQL evaluates it lazily), so before answering "nothing" (an empty
 * list, a 404, zero totals) the caller runs `assertActive()`.
 */
export type Owner = { id: string; sql: SQL<string>; assertActive: () => Promise<void> };

/**
 * The guard for routes whose work is a statement over the caller's own rows (the task API):
 * it verifies the token, and the session check rides on that statement instead of costing a
 * round trip of its own. `sql` is `active_session_user(sid, sub)` (drizzle/0003), which yields
 * the user id while the session is active and otherwise aborts the statement; handleRoute
 * answers that with the same 401 as a missing token (`isSessionEnded`). Revocation therefore
 * still takes effect on the next request, and nothing is read or written for an ended session.
 */
export async function requireOwner(request: Request): Promise<Owner> {
  const token = trustedAccessToken(request.headers);
  const claims = token ? await verifyAccessToken(token) : null;
  if (!claims) throw unauthenticated(request.headers);
  noteRequestUser(request, claims.sub);
  const checkedId = activeSessionUser(claims);
  return {
    id: claims.sub,
    sql: checkedId,
    assertActive: async () => {
      await getDb().execute(sql`select ${checkedId}`);
    },
  };
}

// A sub-select, so PostgreSQL evaluates it at most once per statement (an InitPlan).
const activeSessionUser = ({ sid, sub }: AccessClaims): SQL<string> =>
  sql<string>`(select active_session_user(${sid}, ${sub}))`;

/** The owner for a user whose session has already been checked (requireUser, a page's). */
export function ownerOf(userId: string): Owner {
  return { id: userId, sql: sql<string>`${userId}`, assertActive: async () => {} };
}

/** SQLSTATE raised by `active_session_user` when the token's session has ended. */
const SESSION_ENDED = "TF401";

export function isSessionEnded(error: unknown): boolean {
  for (const current of errorChain(error)) {
    if ((current as { code?: unknown }).code === SESSION_ENDED) return true;
  }
  return false;
}
