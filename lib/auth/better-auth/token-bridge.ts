import { AsyncLocalStorage } from "node:async_hooks";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { parseCookies, setRequestCookie } from "better-auth/cookies/utils";
import { serializeSignedCookie } from "better-call";
import { recordSecurityEvent } from "../account/security-events";
import { noticeSignInFromNewBrowser } from "../account/sign-in-notice";
import { isPlainObject, type ServedEndpoint, withoutToken } from "../contract/endpoint";
import { appendSetCookie, type HookContext } from "../contract/hooks";
import { deviceCookie, deviceCredentials } from "../core/device-cookie";
import { betterAuthSessionOf } from "../core/guard";
import { endFamily, refreshCookieOf } from "../core/sign-out";
import { startTokenPair } from "../core/token-pair";
import { clearedTokenCookies, tokenCookies } from "../tokens/cookies";

/**
 * Better Auth under our token model (docs/architecture.md, "The front door"), as two Better Auth
 * plugins in the manner of its own `bearer` plugin: a browser holds only our access and refresh
 * tokens, never Better Auth's session cookie.
 *
 * In (`sessionIn`, the first plugin): Better Auth session cookies a client sends are dropped; a
 * valid access token whose session is active becomes Better Auth's session for the request
 * (`ctx.context.session`, from the guard's one query, plus its signed cookie for the endpoints
 * that re-read it). Every other plugin's before-hook reads that session: none queries again.
 * Out (`tokensOut`, the last plugin): Better Auth's `session_token` / `session_data` cookies
 * never leave the server; every other cookie a plugin sets (flow state, two-factor, ...) passes
 * untouched. A finished sign-in gets our token pair; a sign-out clears ours; the session token is
 * removed from the bodies of the endpoints that say they return it (`withoutSessionToken`,
 * lib/auth/contract/endpoint.ts); get-session is answered from the guard's one query.
 *
 * "A sign-in is finished" is one event: after every plugin's after-hook, `ctx.context.newSession`
 * is still set and names a session other than the one the request came with (Better Auth
 * re-sets the current session's cookie after a profile update: that is no sign-in). A plugin that
 * needs another step (a second factor) unsets it, as Better Auth's
 * `twoFactor` does (`setNewSession(null)`), and no token is issued. `tokensOut` must therefore
 * be the last plugin (lib/auth/better-auth/auth.ts), so its after-hook runs after theirs.
 */
const BETTER_AUTH_SESSION_COOKIE =
  /^(__Secure-|__Host-)?better-auth\.session_(token|data)(\.\d+)?$/;

type IssuedPair = Awaited<ReturnType<typeof startTokenPair>>;

// The token pair of a sign-in finished by an in-process call, for that call alone.
const inProcessSignIn = new AsyncLocalStorage<{ pair?: IssuedPair }>();

/**
 * Runs an in-process sign-in (`auth.api.*`: our /api/auth/login and /register) and hands back
 * the token pair the bridge issued for it. A sign-in that a plugin left pending (a second factor
 * to come) has none: the caller must not treat it as signed in. HTTP callers get cookies only.
 */
export async function signInInProcess<Answer>(
  call: () => Promise<Answer>,
): Promise<{ answer: Answer; pair: IssuedPair | undefined }> {
  const scope: { pair?: IssuedPair } = {};
  const answer = await inProcessSignIn.run(scope, call);
  return { answer, pair: scope.pair };
}

/** The first plugin: the request's session, from our access token. */
export function sessionIn() {
  return {
    id: "taskflow-session-in",
    hooks: { before: [{ matcher: () => true, handler: createAuthMiddleware(signedInSession) }] },
  } satisfies BetterAuthPlugin;
}

/** The last plugin: our tokens, and these endpoints' answers without the session token. */
export function tokensOut(endpoints: Record<string, ServedEndpoint>) {
  return {
    id: "taskflow-tokens-out",
    hooks: {
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware((ctx) => translateAnswer(ctx, endpoints)),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

async function signedInSession(ctx: HookContext) {
  const incoming = ctx.request?.headers ?? ctx.headers;
  if (!incoming) return;
  const headers = new Headers(incoming);
  const cookies = parseCookies(incoming.get("cookie") ?? "");
  for (const name of cookies.keys())
    if (BETTER_AUTH_SESSION_COOKIE.test(name)) cookies.delete(name);
  headers.set(
    "cookie",
    [...cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("; "),
  );

  const signedIn = await betterAuthSessionOf(incoming);
  // The guard's query already read what get-session answers: no second lookup by Better Auth.
  if (ctx.path === "/get-session") {
    return ctx.json(signedIn && { session: withoutToken(signedIn.session), user: signedIn.user });
  }
  if (signedIn) {
    ctx.context.session = signedIn;
    const signed = await serializeSignedCookie("", signedIn.session.token, ctx.context.secret);
    setRequestCookie(
      headers,
      ctx.context.authCookies.sessionToken.name,
      decodeURIComponent(signed.slice(1)),
    );
  }
  return { context: { headers } };
}

async function translateAnswer(ctx: HookContext, endpoints: Record<string, ServedEndpoint>) {
  const responseHeaders = ctx.context.responseHeaders;
  const signedOut = responseHeaders ? withoutBetterAuthSessionCookies(responseHeaders) : false;
  const created = ctx.context.newSession;
  const finished =
    created && created.session.id !== ctx.context.session?.session.id ? created : null;
  if (finished) {
    const tokenPair = await startTokenPair(finished.session.id);
    if (!ctx.request) {
      const scope = inProcessSignIn.getStore();
      if (scope) scope.pair = tokenPair;
    }
    // "Keep me signed in" unchecked is Better Auth's `rememberMe: false`: its session then lasts
    // a day, and its own `dont_remember` cookie, set with the session (again when a second
    // factor finishes the sign-in), marks the browser for our refreshes.
    const persistent = !setsDontRemember(ctx);
    for (const cookie of tokenCookies({
      ...tokenPair,
      accessMaxAge: tokenPair.expiresIn,
      persistent,
    })) {
      appendSetCookie(ctx, cookie);
    }
    // A sign-up is the account's first browser, and a session replaced under a signed-in request
    // (a password change, a second factor turned on) is no sign-in: nothing to tell the owner.
    // Read once: what the browser's device cookie is checked against, and what its new one binds.
    const credentials = await deviceCredentials(tokenPair.user.email);
    if (!ctx.context.session) {
      const headers = ctx.request?.headers ?? ctx.headers;
      const signUp = ctx.path === "/sign-up/email";
      await recordSecurityEvent(signUp ? "signed_up" : "signed_in", tokenPair.user.id, headers);
      if (!signUp) await noticeSignInFromNewBrowser(headers, tokenPair.user, credentials);
    }
    appendSetCookie(ctx, deviceCookie(tokenPair.user.email, credentials));
  } else if (signedOut || ctx.path === "/sign-out") {
    await endFamily(refreshCookieOf(ctx.request?.headers ?? ctx.headers));
    for (const cookie of clearedTokenCookies()) appendSetCookie(ctx, cookie);
  }

  const returned = ctx.context.returned;
  if (!isPlainObject(returned)) return;
  const path = ctx.path ?? "";
  const strip = Object.hasOwn(endpoints, path) ? endpoints[path]?.withoutSessionToken : undefined;
  if (strip) return ctx.json(strip(returned));
}

/** Removes Better Auth's session cookies from an answer; true when one of them was a deletion. */
function withoutBetterAuthSessionCookies(headers: Headers): boolean {
  const all = headers.getSetCookie();
  let deleted = false;
  headers.delete("set-cookie");
  for (const cookie of all) {
    const name = cookie.slice(0, cookie.indexOf("=")).trim();
    if (!BETTER_AUTH_SESSION_COOKIE.test(name)) {
      headers.append("set-cookie", cookie);
      continue;
    }
    if (/;\s*max-age=0(;|$)/i.test(cookie)) deleted = true;
  }
  return deleted;
}

function setsDontRemember(ctx: HookContext): boolean {
  const marker = `${ctx.context.authCookies.dontRememberToken.name}=`;
  return (ctx.context.responseHeaders?.getSetCookie() ?? []).some(
    (cookie) => cookie.startsWith(marker) && !/;\s*max-age=0(;|$)/i.test(cookie),
  );
}
