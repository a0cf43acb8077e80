import { logoutSchema, readRefreshTokenBody } from "@/lib/auth/core/credentials";
import { signedInClaims } from "@/lib/auth/core/guard";
import { findRefreshFamily, revokeFamily } from "@/lib/auth/core/refresh";
import { cookieNames, readCookie, withClearedTokenCookies } from "@/lib/auth/tokens/cookies";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { okBody } from "@/lib/openapi/responses";

// Ends the family of whichever credential the client holds: the refresh cookie (browsers), a
// refresh token in the body (API clients, JSON or form), or the access token. Always answers 200
// and clears both cookies, so a half-signed-out browser can always finish signing out.
export const POST = defineRoute(
  {
    tag: "Auth",
    summary: "End the family of the cookie, the refresh token sent, or the access token",
    readsItself: { body: logoutSchema, form: logoutSchema },
    responses: { 200: { description: "Signed out; both cookies cleared", body: okBody } },
  },
  async ({ request }) => {
    const refresh =
      readCookie(request.headers.get("cookie"), cookieNames().refresh) ??
      (await readRefreshTokenBody(request, logoutSchema));
    const sessionId =
      (refresh && (await findRefreshFamily(refresh))) ||
      (await signedInClaims(request.headers))?.sid;
    if (sessionId) await revokeFamily(sessionId);
    return withClearedTokenCookies(jsonNoStore({ ok: true }));
  },
);

export const OPTIONS = corsPreflight;
