import { getEnv } from "@/lib/env";

/**
 * CORS for the origins listed in CORS_ORIGINS, compared exactly: no wildcard (never `*` with
 * credentials), no suffix or prefix matching (`https://app.example.com.evil.com` is not
 * `https://app.example.com`), and `null` (sandboxed frames, file: pages) never matches.
 * Every answer carries `Vary: Origin`, so a cache never hands one origin's answer to another.
 */
const ALLOWED_METHODS = "GET, POST, PATCH, PUT, DELETE";
// What our clients send beyond the CORS-safelisted headers: a credential, a JSON body, a task's
// version for a conditional write, and the protocol version every MCP request names.
const ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, Mcp-Protocol-Version";
// What a page must read of our answers beyond the safelisted ones: a task's version and a new
// task's address, how long to wait after a 429 or a 503, which metadata and scope a 401 or 403
// points to (how an MCP client or an app discovers where to authorize), and the request's id.
const EXPOSED_HEADERS =
  "ETag, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, WWW-Authenticate, X-Request-Id";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

function corsHeaders(request: Request, allowedOrigins: readonly string[]): Headers {
  const headers = new Headers({ vary: "Origin" });
  const origin = request.headers.get("origin");
  if (origin && allowedOrigins.includes(origin)) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-allow-credentials", "true");
  }
  return headers;
}

/** An actual answer's CORS headers: a listed origin may also read EXPOSED_HEADERS. */
function answerHeaders(request: Request, allowedOrigins: readonly string[]): Headers {
  const headers = corsHeaders(request, allowedOrigins);
  if (headers.has("access-control-allow-origin")) {
    headers.set("access-control-expose-headers", EXPOSED_HEADERS);
  }
  return headers;
}

/** The answer to an OPTIONS preflight: 204, with permissions only for a listed origin. */
function preflightResponse(request: Request, allowedOrigins: readonly string[]): Response {
  const headers = corsHeaders(request, allowedOrigins);
  headers.append("vary", "Access-Control-Request-Method, Access-Control-Request-Headers");
  if (headers.has("access-control-allow-origin")) {
    headers.set("access-control-allow-methods", ALLOWED_METHODS);
    headers.set("access-control-allow-headers", ALLOWED_HEADERS);
    headers.set("access-control-max-age", PREFLIGHT_MAX_AGE_SECONDS);
  }
  return new Response(null, { status: 204, headers });
}

/** Copies the CORS headers onto a response (a new one: fetched responses are immutable). */
function withCorsHeaders(
  request: Request,
  response: Response,
  allowedOrigins: readonly string[],
): Response {
  const result = new Response(response.body, response);
  for (const [name, value] of answerHeaders(request, allowedOrigins)) {
    if (name === "vary") appendVary(result.headers, value);
    else result.headers.set(name, value);
  }
  return result;
}

function appendVary(headers: Headers, value: string) {
  const present = (headers.get("vary") ?? "").split(",").map((name) => name.trim().toLowerCase());
  if (!present.includes(value.toLowerCase())) headers.append("vary", value);
}

/**
 * The routes a page on a listed origin may call with a token or a JSON body, so each answers the
 * preflight (`export const OPTIONS = corsPreflight`): the one list, which
 * tests/unit/cors-routes.test.ts holds every route file to. An app or an MCP client running in a
 * page (a public client) calls the token, revocation and registration endpoints and the MCP
 * endpoint. Left out on purpose: server-to-server endpoints (introspection, the cron job, the
 * device grant's start), links and forms a browser navigates to (verify-email, session-ended,
 * the consent answers), and public GETs no preflight precedes (health, discovery, JWKS, the
 * OpenAPI document).
 */
export const PREFLIGHT_ROUTES = [
  "/api/tasks",
  "/api/tasks/[id]",
  "/api/stats",
  "/api/workspaces",
  "/api/workspaces/[id]",
  "/api/workspaces/[id]/invitations",
  "/api/workspaces/[id]/invitations/[invitationId]",
  "/api/workspaces/[id]/invitations/[invitationId]/resend",
  "/api/workspaces/[id]/leave",
  "/api/workspaces/[id]/members",
  "/api/workspaces/[id]/members/[userId]",
  "/api/workspaces/[id]/stats",
  "/api/workspaces/[id]/tasks",
  "/api/workspaces/[id]/tasks/[taskId]",
  "/api/workspaces/[id]/transfer",
  "/api/workspaces/invitations/accept",
  "/api/admin/audit",
  "/api/admin/stats",
  "/api/admin/users",
  "/api/admin/users/[id]",
  "/api/admin/users/[id]/ban",
  "/api/admin/users/[id]/sessions",
  "/api/admin/users/[id]/verification-email",
  "/api/auth/[...all]",
  "/api/auth/api-keys",
  "/api/auth/api-keys/[id]",
  "/api/auth/change-email",
  "/api/auth/connected-apps",
  "/api/auth/connected-apps/[id]",
  "/api/auth/delete-account",
  "/api/auth/forgot-password",
  "/api/auth/login",
  "/api/auth/logout",
  "/api/auth/me",
  "/api/auth/refresh",
  "/api/auth/register",
  "/api/auth/reset-password",
  "/api/auth/sessions",
  "/api/auth/sessions/[id]",
  "/api/auth/sessions/revoke-others",
  "/api/mcp",
  "/api/oauth/clients",
  "/api/oauth/clients/[clientId]",
  "/api/oauth/clients/[clientId]/secret",
  "/api/oauth/register",
  "/api/oauth/revoke",
  "/api/oauth/token",
] as const;

/** The preflight answer of the routes in PREFLIGHT_ROUTES, bound to CORS_ORIGINS. */
export function corsPreflight(request: Request): Response {
  return preflightResponse(request, getEnv().CORS_ORIGINS);
}

export function applyCors(request: Request, response: Response): Response {
  return withCorsHeaders(request, response, getEnv().CORS_ORIGINS);
}
