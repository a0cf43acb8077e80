import { keepsSignedIn } from "@/lib/auth/account/keep-signed-in";
import { readRefreshTokenBody, refreshSchema } from "@/lib/auth/core/credentials";
import { exchangeRefreshToken } from "@/lib/auth/core/refresh-exchange";
import { pairFor, tokenPairResponse } from "@/lib/auth/core/token-pair";
import { clearedTokenCookies, cookieNames, readCredentialCookie } from "@/lib/auth/tokens/cookies";
import { clientAddress } from "@/lib/http/client-ip";
import { corsPreflight } from "@/lib/http/cors";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";

const sessionEnded = () =>
  new HttpError(401, "invalid_refresh_token", "Your session has ended. Sign in again.", {
    headers: clearedTokenCookies().map((cookie): [string, string] => ["set-cookie", cookie]),
  });

// The refresh token comes from its cookie (browsers) or the body (API clients: JSON, or the
// OAuth2 form with grant_type=refresh_token). A request with neither, an empty POST included, is
// a session that has ended: 401, never 415.
async function presentedToken(request: Request) {
  const fromCookie = readCredentialCookie(request.headers.get("cookie"), cookieNames().refresh);
  if (fromCookie === "conflict") return undefined;
  if (fromCookie) return { token: fromCookie, fromCookie: true };
  const token = await readRefreshTokenBody(request, refreshSchema);
  return token ? { token, fromCookie: false } : undefined;
}

export const POST = handleRoute(async (request) => {
  const presentation = await presentedToken(request);
  if (!presentation) throw sessionEnded();
  const rotation = await exchangeRefreshToken(presentation.token, {
    ipAddress: clientAddress(request),
    userAgent: request.headers.get("user-agent"),
  });
  if (!rotation.ok) throw sessionEnded();
  // A browser keeps its refresh token where page scripts cannot read it: in the cookie only.
  const pair = await pairFor(rotation, rotation.refreshToken);
  return tokenPairResponse(pair, {
    refreshTokenInBody: !presentation.fromCookie,
    persistent: await keepsSignedIn(request),
  });
});

export const OPTIONS = corsPreflight;
