import { clearedTokenCookies, REFRESH_COOKIE, readCookie } from "@/lib/auth/cookies";
import { refreshSchema } from "@/lib/auth/credentials";
import { findRefreshFamily, rotateRefreshToken } from "@/lib/auth/refresh";
import { pairFor, tokenPairResponse } from "@/lib/auth/token-pair";
import { clientAddress } from "@/lib/http/client-ip";
import { corsPreflight } from "@/lib/http/cors";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { enforceRateLimit } from "@/lib/rate-limit";

const sessionEnded = () =>
  new HttpError(401, "invalid_refresh_token", "Your session has ended. Sign in again.", {
    headers: clearedTokenCookies().map((cookie): [string, string] => ["set-cookie", cookie]),
  });

// The refresh token comes from its cookie (browsers) or a JSON body (API clients).
async function presentedToken(request: Request): Promise<string | undefined> {
  const fromCookie = readCookie(request.headers.get("cookie"), REFRESH_COOKIE);
  if (fromCookie || !request.body) return fromCookie;
  return (await readJson(request, refreshSchema)).refresh_token || undefined;
}

export const POST = handleRoute(async (request) => {
  const presented = await presentedToken(request);
  if (!presented) throw sessionEnded();
  // Counted per family, so a client stuck in a refresh loop is slowed down whichever of the
  // family's tokens it holds; an unknown token finds no family and gets its 401 below.
  const family = await findRefreshFamily(presented);
  if (family) await enforceRateLimit("refresh-family", family);
  const rotation = await rotateRefreshToken(presented, {
    ipAddress: clientAddress(request),
    userAgent: request.headers.get("user-agent"),
  });
  if (!rotation.ok) throw sessionEnded();
  return tokenPairResponse(await pairFor(rotation, rotation.refreshToken));
});

export const OPTIONS = corsPreflight;
