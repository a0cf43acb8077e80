import { type NextRequest, NextResponse } from "next/server";
import type { PageRefresh } from "@/lib/auth/core/page-refresh";
import { clearedTokenCookies, cookieNames, readCredentialCookie } from "@/lib/auth/tokens/cookies";
import { safeNextPath } from "@/lib/auth/tokens/safe-next";
import { verifyAccessToken } from "@/lib/auth/tokens/tokens";
import { contentSecurityPolicy, createNonce } from "@/lib/http/content-security-policy";
import { PAGE_ADDRESS_HEADER } from "@/lib/http/page-address";
import { retryPageResponse } from "@/lib/http/retry-page";
import { getTokenEnv } from "@/lib/token-env";

/**
 * The gate for pages (Next.js runs a proxy on Node.js, before every page it matches). It is
 * optimistic: jose only, no database query for a valid token, and every server component and
 * route handler that reads private data calls the guard itself. It runs on pages only, never on
 * /api or static files (the proxy machinery alone halves a route's throughput), and on every page
 * because each one needs a fresh CSP nonce.
 *
 * A page request with an expired access token but a refresh cookie is refreshed transparently,
 * in-process (lib/auth/core/page-refresh.ts: the refresh route's own exchange, no request to our
 * own URL); the new cookies go onto the response and onto the request the page renders with. No
 * token ever appears in a URL. That module (the database, Better Auth) is imported on the first
 * refresh only: what this file imports statically loads before the first page of every instance,
 * so it stays jose and our token helpers (`npm run lint`, scripts/check-imports.ts).
 */
export const config = {
  // `.well-known/` holds public JSON for other services (the JWKS): no page, no nonce.
  matcher: [
    "/((?!api/|\\.well-known/|_next/static/|_next/image|favicon\\.ico|.*\\.(?:png|svg|ico|webp|txt)$).*)",
  ],
};

// An invitation's link page is not: its token is in the fragment, which a redirect to sign in
// would lose; the page keeps it and asks to sign in itself.
const PROTECTED = /^\/(dashboard|settings|admin|workspaces(?!\/join$))(\/|$)/;
const GUEST_ONLY = new Set(["/login", "/register"]);

/** A signed-in request: no cookies to pass on, or those of the refresh that signed it in. */
type Session = Exclude<PageRefresh, string>;
const UNCHANGED: Session = { setCookie: [], requestCookies: {} };

export async function proxy(request: NextRequest) {
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, {
    development: getTokenEnv().NODE_ENV === "development",
  });
  const requestId = crypto.randomUUID();
  // The page render logs under the same id (instrumentation.ts), never one the client sent.
  request.headers.set("x-request-id", requestId);
  request.headers.set("content-security-policy", csp);
  const { pathname, search } = request.nextUrl;
  request.headers.set(PAGE_ADDRESS_HEADER, `${pathname}${search}`);
  const response = await gate(request);
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-request-id", requestId);
  return response;
}

async function gate(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  if (!PROTECTED.test(pathname) && !GUEST_ONLY.has(pathname)) return pass(request);
  const credentials = credentialCookies(request);
  // No role check here: a token's role can be stale both ways, and the admin page asks the
  // database itself (forbidden(): the 403 page with a 403 status). Refreshing to learn the
  // role would rotate a non-admin's refresh token on every visit to /admin.
  const current = await currentSession(request, credentials);
  const refreshed =
    !current && credentials.refresh ? await refresh(request, credentials.refresh) : undefined;
  const session = current ?? (typeof refreshed === "object" ? refreshed : null);

  if (GUEST_ONLY.has(pathname)) {
    if (!session) return pass(request);
    const next = safeNextPath(request.nextUrl.searchParams.get("next"));
    return withCookies(NextResponse.redirect(new URL(next, request.url)), session);
  }
  if (session) return withCookies(pass(request, session), session);
  // Rate limited or the database briefly away: the session may be perfectly alive, so nothing
  // is cleared, and the page's own check would send the browser to sign in for our hiccup.
  if (refreshed === "unavailable") return retryPageResponse();
  const login = new URL("/login", request.url);
  login.searchParams.set("next", `${pathname}${request.nextUrl.search}`);
  const response = NextResponse.redirect(login);
  // A dead family, or cookies that contradict each other: clearing ours (Path=/) lets the next
  // sign-in start clean.
  if (refreshed === "ended" || credentials.conflict) {
    for (const cookie of clearedTokenCookies()) response.headers.append("set-cookie", cookie);
  }
  return response;
}

/**
 * The request's access and refresh tokens, read by the API's rule (lib/auth/tokens/cookies.ts
 * `readCredentialCookie`): two different values under one name sign the request out entirely,
 * instead of letting the first or the last one win.
 */
function credentialCookies(request: NextRequest) {
  const header = request.headers.get("cookie");
  const names = cookieNames();
  const access = readCredentialCookie(header, names.access);
  const refresh = readCredentialCookie(header, names.refresh);
  if (access === "conflict" || refresh === "conflict") return { conflict: true } as const;
  return { access, refresh, conflict: false } as const;
}

async function currentSession(
  request: NextRequest,
  credentials: { access?: string },
): Promise<Session | null> {
  // CVE-2025-29927: a request that claims to be a middleware subrequest is not trusted.
  if (request.headers.has("x-middleware-subrequest")) return null;
  const claims = credentials.access ? await verifyAccessToken(credentials.access) : null;
  return claims ? UNCHANGED : null;
}

async function refresh(request: NextRequest, refreshToken: string): Promise<PageRefresh> {
  const { refreshForPage } = await import("@/lib/auth/core/page-refresh");
  return refreshForPage(request, refreshToken);
}

/**
 * On to the page, with the CSP (Next.js takes the nonce from it) and, after a refresh, the new
 * cookies on the request, as if the browser had sent them.
 */
function pass(request: NextRequest, session?: Session): NextResponse {
  for (const [name, value] of Object.entries(session?.requestCookies ?? {})) {
    request.cookies.set(name, value);
  }
  return NextResponse.next({ request: { headers: request.headers } });
}

function withCookies(response: NextResponse, session: Session): NextResponse {
  for (const cookie of session.setCookie) response.headers.append("set-cookie", cookie);
  return response;
}
