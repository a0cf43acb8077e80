import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { session, user, userProfileColumns } from "@/lib/db/schema";
import { jsonNoStore } from "@/lib/http/responses";
import { tokenCookies } from "../tokens/cookies";
import { accessTokenLifetimeSeconds, signAccessToken } from "../tokens/tokens";
import { type FamilyMember, startRefreshFamily } from "./refresh";

/** An access token plus a refresh token, as cookies and as the OAuth2-style JSON body. */
export type TokenPair = {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshMaxAge: number;
};

export async function pairFor(member: FamilyMember, refreshToken: string): Promise<TokenPair> {
  const accessToken = await signAccessToken({
    sub: member.user.id,
    sid: member.sessionId,
    email: member.user.email,
    role: member.user.role,
  });
  // The cookie dies with the family: rotation never extends the absolute lifetime.
  const refreshMaxAge = Math.max(0, Math.ceil((member.expiresAt.getTime() - Date.now()) / 1000));
  return { accessToken, refreshToken, expiresIn: accessTokenLifetimeSeconds(), refreshMaxAge };
}

/**
 * Starts the refresh family of a Better Auth session whose sign-in just finished
 * (lib/auth/better-auth/token-bridge.ts), reading the user as the session creation left it (an
 * ADMIN_EMAILS promotion happens in that step).
 */
export async function startTokenPair(sessionId: string): Promise<TokenPair & FamilyMember> {
  const [row] = await getDb()
    .select({
      sessionId: session.id,
      expiresAt: session.expiresAt,
      user: userProfileColumns,
    })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(eq(session.id, sessionId));
  if (!row) throw new Error("The session that was just created does not exist");
  const pair = await pairFor(row, await startRefreshFamily(row.sessionId));
  return { ...pair, ...row };
}

export function withTokenCookies(
  response: Response,
  pair: TokenPair,
  { persistent = true } = {},
): Response {
  for (const cookie of tokenCookies({ ...pair, accessMaxAge: pair.expiresIn, persistent })) {
    response.headers.append("set-cookie", cookie);
  }
  return response;
}

/** The OAuth2-style body `{ access_token, refresh_token, token_type, expires_in }`. */
function tokenPairBody(pair: TokenPair, { refreshTokenInBody = true } = {}) {
  return {
    access_token: pair.accessToken,
    ...(refreshTokenInBody && { refresh_token: pair.refreshToken }),
    token_type: "bearer",
    expires_in: pair.expiresIn,
  };
}

/**
 * 200 with the OAuth2-style body. A token response must never be stored by a cache (RFC 6749
 * §5.1): `Cache-Control: no-store`, and `Pragma: no-cache` for HTTP/1.0 caches.
 */
export function tokenPairBodyResponse(
  pair: TokenPair,
  options?: { refreshTokenInBody?: boolean },
): Response {
  const response = jsonNoStore(tokenPairBody(pair, options));
  response.headers.set("pragma", "no-cache");
  return response;
}

/** The same with both cookies. */
export function tokenPairResponse(
  pair: TokenPair,
  options: { refreshTokenInBody?: boolean; persistent?: boolean } = {},
): Response {
  return withTokenCookies(tokenPairBodyResponse(pair, options), pair, options);
}
