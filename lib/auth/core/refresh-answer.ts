import { clientAddress } from "@/lib/http/client-ip";
import { HttpError } from "@/lib/http/errors";
import { clearedTokenCookies, cookieNames, readCredentialCookie } from "../tokens/cookies";
import { readRefreshTokenBody, refreshSchema } from "./credentials";
import { keepsSignedIn } from "./keep-signed-in";
import { FIRST_PARTY } from "./refresh";
import { exchangeRefreshToken } from "./refresh-exchange";
import { pairFor, tokenPairResponse } from "./token-pair";

/** 401 for a token that names no live family (unknown, expired, revoked, reused). */
export const sessionEnded = () =>
  new HttpError(401, "invalid_refresh_token", "Your session has ended. Sign in again.", {
    headers: clearedTokenCookies().map((cookie): [string, string] => ["set-cookie", cookie]),
  });

/**
 * The answer to a presented refresh token, wherever it is presented (POST /api/auth/refresh,
 * the token endpoint's refresh_token grant): the one exchange (lookup, the family's limit,
 * rotation with reuse detection), then the new pair in the OAuth2 body and both cookies. A
 * browser keeps its refresh token where page scripts cannot read it: in the cookie only.
 */
export async function refreshedPairResponse(
  request: Request,
  presented: { token: string; fromCookie: boolean },
): Promise<Response> {
  const rotation = await exchangeRefreshToken(presented.token, FIRST_PARTY, {
    ipAddress: clientAddress(request),
    userAgent: request.headers.get("user-agent"),
  });
  if (!rotation.ok) throw sessionEnded();
  const pair = await pairFor(rotation, rotation.refreshToken);
  return tokenPairResponse(pair, {
    refreshTokenInBody: !presented.fromCookie,
    persistent: await keepsSignedIn(request),
  });
}

/**
 * POST /api/auth/refresh: the refresh token from its cookie (browsers) or the body (API clients:
 * JSON, or the OAuth2 form with grant_type=refresh_token). A request with neither, an empty POST
 * included, is a session that has ended: 401, never 415.
 */
export async function refreshFromRequest(request: Request): Promise<Response> {
  const presented = await presentedToken(request);
  if (!presented) throw sessionEnded();
  return refreshedPairResponse(request, presented);
}

async function presentedToken(request: Request) {
  const fromCookie = readCredentialCookie(request.headers.get("cookie"), cookieNames().refresh);
  if (fromCookie === "conflict") return undefined;
  if (fromCookie) return { token: fromCookie, fromCookie: true };
  const token = await readRefreshTokenBody(request, refreshSchema);
  return token ? { token, fromCookie: false } : undefined;
}
