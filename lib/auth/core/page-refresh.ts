import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { clientAddress } from "@/lib/http/client-ip";
import { HttpError } from "@/lib/http/errors";
import { describeError, logEvent } from "@/lib/http/log";
import { cookieNames, tokenCookies } from "../tokens/cookies";
import { keepsSignedIn } from "./keep-signed-in";
import { FIRST_PARTY } from "./refresh";
import { exchangeRefreshToken } from "./refresh-exchange";
import { pairFor } from "./token-pair";

/**
 * What a page request's refresh gave: the new cookies, for the response (`setCookie`) and for the
 * page that renders with them (`requestCookies`, as the browser will send them); `ended` (the
 * family is dead, the cookies may go); or `unavailable` (over the refresh limit, the database
 * briefly away: the session may be fine, so nothing is cleared and nobody is signed out for our
 * own hiccup).
 */
export type PageRefresh =
  | { setCookie: string[]; requestCookies: Record<string, string> }
  | "ended"
  | "unavailable";

/**
 * The transparent refresh of a page request whose access token has expired (proxy.ts): the
 * refresh route's exchange, called in-process, so a page depends on no request to our own public
 * URL. The browser's other cookies come along as they do to the route: Better Auth's
 * `dont_remember` marker keeps a "Keep me signed in"-unchecked sign-in on session cookies.
 */
export async function refreshForPage(request: Request, presented: string): Promise<PageRefresh> {
  try {
    const rotation = await exchangeRefreshToken(presented, FIRST_PARTY, {
      ipAddress: clientAddress(request),
      userAgent: request.headers.get("user-agent"),
    });
    if (!rotation.ok) return "ended";
    const pair = await pairFor(rotation, rotation.refreshToken);
    const persistent = await keepsSignedIn(request);
    const names = cookieNames();
    return {
      setCookie: tokenCookies({ ...pair, accessMaxAge: pair.expiresIn, persistent }),
      requestCookies: { [names.access]: pair.accessToken, [names.refresh]: pair.refreshToken },
    };
  } catch (error) {
    if (!(error instanceof HttpError && error.status === 429)) {
      const event = isDatabaseUnavailable(error) ? "database_unavailable" : "page_refresh_failed";
      logEvent("error", event, { error: describeError(error) });
    }
    return "unavailable";
  }
}
