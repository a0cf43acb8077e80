import { type NextRequest, NextResponse } from "next/server";
import { ACCESS_COOKIE, clearedTokenCookies, REFRESH_COOKIE } from "@/lib/auth/cookies";
import { safeNextPath } from "@/lib/auth/safe-next";
import { type AccessClaims, verifyAccessToken } from "@/lib/auth/tokens";
import { getEnv } from "@/lib/env";
import { contentSecurityPolicy, createNonce } from "@/lib/http/content-security-policy";

/**
 * The edge gate for pages: jose only, no database. It is optimistic — every server component
 * and route handler that reads private data calls the guard itself. It runs on pages only,
 * never on /api or static files (the middleware machinery alone halves a route's
 * throughput), and on every page because each one needs a fresh CSP nonce.
 *
 * A page request with an expired access token but a refresh cookie is refreshed transparently:
 * a POST to our own refresh route (at BETTER_AUTH_URL, never the request's Host), whose new
 * cookies go onto the response and onto the request the page renders with. No token ever
 * appears in a URL.
 */
export const config = {
  // `.well-known/` holds public JSON for other services (the JWKS): no page, no nonce.
  matcher: [
    "/((?!api/|\\.well-known/|_next/static/|_next/image|favicon\\.ico|.*\\.(?:png|svg|ico|webp|txt)$).*)",
  ],
};

const PROTECTED = /^\/(dashboard|settings|admin)(\/|$)/;
const GUEST_ONLY = new Set(["/login", "/register"]);

type Session = { claims: AccessClaims; setCookies: string[] };

export async function middleware(request: NextRequest) {
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, { development: getEnv().NODE_ENV === "development" });
  const response = await gate(request, csp);
  response.headers.set("content-security-policy", csp);
  return response;
}

async function gate(request: NextRequest, csp: string): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  if (!PROTECTED.test(pathname) && !GUEST_ONLY.has(pathname)) {
    return NextResponse.next({ request: { headers: forwardedHeaders(request, csp) } });
  }
  const refreshCookie = request.cookies.get(REFRESH_COOKIE)?.value;
  let session = await currentSession(request);
  const needsFreshRole = pathname.startsWith("/admin") && session?.claims.role !== "admin";
  if ((!session || needsFreshRole) && refreshCookie) {
    session = (await refresh(request, refreshCookie)) ?? session;
  }

  if (GUEST_ONLY.has(pathname)) {
    if (!session)
      return NextResponse.next({ request: { headers: forwardedHeaders(request, csp) } });
    const next = safeNextPath(request.nextUrl.searchParams.get("next"));
    return withCookies(NextResponse.redirect(new URL(next, request.url)), session);
  }
  if (!session) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", `${pathname}${request.nextUrl.search}`);
    const response = NextResponse.redirect(login);
    if (refreshCookie)
      for (const cookie of clearedTokenCookies()) response.headers.append("set-cookie", cookie);
    return response;
  }
  if (pathname.startsWith("/admin") && session.claims.role !== "admin") {
    return withCookies(
      NextResponse.rewrite(new URL("/forbidden", request.url), {
        status: 403,
        request: { headers: forwardedHeaders(request, csp, session) },
      }),
      session,
    );
  }
  return withCookies(
    NextResponse.next({ request: { headers: forwardedHeaders(request, csp, session) } }),
    session,
  );
}

async function currentSession(request: NextRequest): Promise<Session | null> {
  // CVE-2025-29927: a request that claims to be a middleware subrequest is not trusted.
  if (request.headers.has("x-middleware-subrequest")) return null;
  const token = request.cookies.get(ACCESS_COOKIE)?.value;
  const claims = token ? await verifyAccessToken(token) : null;
  return claims ? { claims, setCookies: [] } : null;
}

async function refresh(request: NextRequest, refreshToken: string): Promise<Session | null> {
  try {
    const response = await fetch(new URL("/api/auth/refresh", getEnv().BETTER_AUTH_URL), {
      method: "POST",
      headers: {
        cookie: `${REFRESH_COOKIE}=${refreshToken}`,
        "user-agent": request.headers.get("user-agent") ?? "",
      },
      cache: "no-store",
    });
    if (!response.ok) return null;
    const { access_token: accessToken } = (await response.json()) as { access_token: string };
    const claims = await verifyAccessToken(accessToken);
    return claims ? { claims, setCookies: response.headers.getSetCookie() } : null;
  } catch {
    return null;
  }
}

/**
 * What the page renders with: the CSP (Next.js takes the nonce from it) and, after a refresh,
 * the new cookies, as if the browser had sent them.
 */
function forwardedHeaders(request: NextRequest, csp: string, session?: Session): Headers {
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  if (!session || session.setCookies.length === 0) return headers;
  const cookies = new Map(request.cookies.getAll().map((cookie) => [cookie.name, cookie.value]));
  for (const setCookie of session.setCookies) {
    const [pair = ""] = setCookie.split(";");
    const separator = pair.indexOf("=");
    cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
  }
  headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
  return headers;
}

function withCookies(response: NextResponse, session: Session): NextResponse {
  for (const cookie of session.setCookies) response.headers.append("set-cookie", cookie);
  return response;
}
