import { keepsSignedIn } from "@/lib/auth/core/keep-signed-in";
import { clearedTokenCookies } from "@/lib/auth/tokens/cookies";
import { clientAddress } from "@/lib/http/client-ip";
import { HttpError } from "@/lib/http/errors";
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
  const rotation = await exchangeRefreshToken(presented.token, {
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
