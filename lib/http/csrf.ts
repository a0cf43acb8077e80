import { getEnv } from "@/lib/env";
import { HttpError } from "./errors";

/**
 * Cross-site request forgery guard for state-changing requests (POST, PATCH, PUT, DELETE).
 *
 * A browser attaches cookies to a cross-site request but also tells us where it came from:
 * `Origin` (sent on every non-GET request by current browsers), or at least `Sec-Fetch-Site`.
 * Either must name the app itself or a CORS_ORIGINS entry. Bearer-authenticated requests are
 * exempt: a cross-site page cannot add an Authorization header without a CORS preflight, which
 * only listed origins pass. One that also carries cookies is not exempt, as the guard lets the
 * cookie win over the header. Requests with neither header come from non-browser clients,
 * which hold no ambient cookies to abuse. The check also covers requests with no cookie at all,
 * so a foreign page cannot sign a victim into the attacker's account either (login CSRF).
 */
const STATE_CHANGING = new Set(["POST", "PATCH", "PUT", "DELETE"]);

type TrustedOrigins = { appOrigins: readonly string[]; listed: readonly string[] };

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The app's own origin. A development server on loopback answers to every loopback name on its
 * port (http://localhost:3000 and http://127.0.0.1:3000 are the same app); production trusts
 * BETTER_AUTH_URL's origin alone.
 */
function appOrigins(appUrl: string, production: boolean): string[] {
  const app = new URL(appUrl);
  if (production || !LOOPBACK_HOSTS.includes(app.hostname)) return [app.origin];
  return LOOPBACK_HOSTS.map((host) => `${app.protocol}//${host}${app.port ? `:${app.port}` : ""}`);
}

function trustedOrigins(): TrustedOrigins {
  const env = getEnv();
  return {
    appOrigins: appOrigins(env.BETTER_AUTH_URL, env.NODE_ENV === "production"),
    listed: env.CORS_ORIGINS,
  };
}

const isTrusted = (origin: string, trusted: TrustedOrigins) =>
  trusted.appOrigins.includes(origin) || trusted.listed.includes(origin);

const crossSiteRequest = () =>
  new HttpError(403, "cross_site_request", "This request came from another site");

function isCrossSiteForgery(request: Request, trusted: TrustedOrigins): boolean {
  const bearer = /^bearer\s/i.test(request.headers.get("authorization") ?? "");
  if (bearer && !request.headers.has("cookie")) return false;
  return isFromPageOutside(request, (origin) => isTrusted(origin, trusted));
}

/** Whether a browser says the request comes from a page whose origin `accepted` refuses. */
function isFromPageOutside(request: Request, accepted: (origin: string) => boolean): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return !accepted(origin);

  const site = request.headers.get("sec-fetch-site");
  return site !== null && site !== "same-origin" && site !== "none";
}

export function assertNotCrossSite(request: Request): void {
  // A read changes nothing: it needs no check, nor the origins (a URL parse on every request).
  if (!STATE_CHANGING.has(request.method.toUpperCase())) return;
  if (isCrossSiteForgery(request, trustedOrigins())) throw crossSiteRequest();
}

/**
 * Strictest, for a form only our own pages post: a person's answer on a consent page
 * (app/api/oauth/consent-route.ts), whatever the credential. A CORS_ORIGINS site may act for a
 * signed-in user through the API, but must not consent in the user's stead: the grant outlives
 * the session, and its code comes back in an answer that site can read.
 */
export function assertFromOwnPage(request: Request): void {
  const { appOrigins } = trustedOrigins();
  if (isFromPageOutside(request, (origin) => appOrigins.includes(origin))) {
    throw crossSiteRequest();
  }
}

/**
 * Stricter, for an endpoint no page of another site may reach whatever the credential: MCP's
 * Streamable HTTP transport, where a server MUST validate `Origin` and answer 403 to one it does
 * not trust, on every request, so that a page on a DNS-rebound name cannot drive it through a
 * browser. A request without `Origin` comes from no web page.
 */
export function assertTrustedOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin !== null && !isTrusted(origin, trustedOrigins())) throw crossSiteRequest();
}
