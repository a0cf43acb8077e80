import { readCookie } from "../tokens/cookies";
import { betterAuthCookieName } from "./better-auth-cookies";

/**
 * Whether the browser behind a refresh chose "Keep me signed in". A sign-in without it is
 * Better Auth's `rememberMe: false`, which leaves Better Auth's own `dont_remember` marker, a
 * session cookie like ours then, in the browser: while it is there, every rotation keeps our
 * cookies session cookies too, so the choice survives refreshes (the proxy's included,
 * which forward the browser's cookies here). Forging the marker can only shorten one's own
 * cookies.
 */
export async function keepsSignedIn(request: Request): Promise<boolean> {
  return !readCookie(request.headers.get("cookie"), betterAuthCookieName("dont_remember"));
}
