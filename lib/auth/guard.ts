import { and, eq, gt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { session, user } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { noteRequestUser } from "@/lib/http/log";
import { ACCESS_COOKIE, readCookie } from "./cookies";
import type { Role } from "./roles";
import { verifyAccessToken } from "./tokens";

/**
 * The one way a route handler or server component gets a user. The middleware is only an
 * optimistic gate for pages (a request can skip it), so every private read calls this.
 *
 * It verifies the access token, then checks in one indexed query that the token's session
 * (its refresh family) still exists and reads the user's current role: logout, revocation,
 * password reset, role changes and account deletion take effect on the next request.
 */
export type CurrentUser = Pick<typeof user.$inferSelect, "id" | "email" | "name" | "role">;
export type AuthContext = { user: CurrentUser; sessionId: string };

/** The access token of a request. The cookie wins over `Authorization: Bearer` (README). */
export function accessTokenFrom(headers: Headers): string | undefined {
  const fromCookie = readCookie(headers.get("cookie"), ACCESS_COOKIE);
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
  const [row] = await getDb()
    .select({ id: user.id, email: user.email, name: user.name, role: user.role })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(
      and(
        eq(session.id, claims.sid),
        eq(session.userId, claims.sub),
        gt(session.expiresAt, sql`now()`),
      ),
    );
  return row ? { user: row, sessionId: claims.sid } : null;
}

const unauthenticated = () =>
  new HttpError(401, "unauthenticated", "Sign in to continue", {
    headers: { "www-authenticate": 'Bearer realm="taskflow"' },
  });

/** The user of a request (route handler or server component), from its headers alone. */
export async function authenticateHeaders(headers: Headers): Promise<AuthContext | null> {
  // CVE-2025-29927 used this header to skip middleware; no legitimate client sends it here.
  if (headers.has("x-middleware-subrequest")) return null;
  return authenticate(accessTokenFrom(headers));
}

export async function requireUser(
  request: Request,
  options: { role?: Role } = {},
): Promise<AuthContext> {
  const context = await authenticateHeaders(request.headers);
  if (!context) throw unauthenticated();
  noteRequestUser(request, context.user.id);
  if (options.role && context.user.role !== options.role) {
    throw new HttpError(403, "forbidden", "You do not have access to this resource");
  }
  return context;
}
