import { jsonNoStore } from "@/lib/http/responses";
import { cookieNames, readCookie, withClearedTokenCookies } from "../tokens/cookies";
import { logoutSchema, readRefreshTokenBody } from "./credentials";
import { signedInClaims } from "./guard";
import { findRefreshFamily, revokeFamily } from "./refresh";

/**
 * Ends the family a refresh token names, or else the one `otherwise` finds: what every sign-out
 * does (POST /api/auth/logout, and Better Auth's /sign-out through the token bridge), so a
 * browser whose access token had expired still ends its family with its refresh cookie.
 */
export async function endFamily(
  refreshToken: string | undefined,
  otherwise?: () => Promise<string | undefined>,
): Promise<void> {
  const family = (refreshToken && (await findRefreshFamily(refreshToken))) || (await otherwise?.());
  if (family) await revokeFamily(family);
}

/** The refresh cookie a request carries, if any. */
export const refreshCookieOf = (headers: Headers | undefined) =>
  readCookie(headers?.get("cookie") ?? null, cookieNames().refresh);

/**
 * POST /api/auth/logout: ends the family of whichever credential the client holds: the refresh
 * cookie (browsers), a refresh token in the body (API clients, JSON or form), or the access
 * token. Always answers 200 and clears both cookies, so a half-signed-out browser can always
 * finish signing out.
 */
export async function logOut(request: Request): Promise<Response> {
  const refresh =
    refreshCookieOf(request.headers) ?? (await readRefreshTokenBody(request, logoutSchema));
  await endFamily(refresh, async () => (await signedInClaims(request.headers))?.sid);
  return withClearedTokenCookies(jsonNoStore({ ok: true }));
}
