import { runAfterResponse } from "@/lib/http/after-response";
import { errorResponse, HttpError, validationError } from "@/lib/http/errors";
import { readBodyText } from "@/lib/http/read-body";
import { jsonNoStore } from "@/lib/http/responses";
import { getAuth } from "../better-auth/auth";
import { AUTH_FEATURES } from "../better-auth/features";
import { errorAnswers, servedEndpoints } from "../contract/collect";
import type { AuthFeature, ErrorAnswer, ServedEndpoint } from "../contract/endpoint";
import { signedInClaims, unauthenticated } from "../core/guard";
import { refuseBreachedPassword } from "../passwords/breached-password";
import { conflictingCookies } from "../tokens/cookies";

/**
 * The front door of Better Auth's endpoints (app/api/auth/[...all]): one policy for all of them,
 * before Better Auth sees the request (each feature says which it serves and why):
 * an endpoint not in the table → 404; the body → 413 past 64 KB (from Content-Length, then
 * counted while reading), 415 if not JSON, 400 if its strict schema refuses it; a signed-in
 * endpoint without a valid access token → 401; the endpoint's rate limit → 429. Only then does
 * Better Auth run, with the validated body, and its token bridge (token-bridge.ts) translates
 * credentials on the way in and out (the endpoints that mail someone are answered first, and
 * run after the answer). Its errors leave in our error shape, with its own `code`
 * (INVALID_PASSWORD, ...) and our message also at the top level, where its client
 * (`better-auth/client`) reads them.
 */
const BASE_PATH = "/api/auth";

type BetterAuthHandler = { handler: (request: Request) => Promise<Response> };

/** The front door of these features' endpoints, in front of this Better Auth instance. */
export function frontDoor(
  features: readonly AuthFeature[],
  auth: () => BetterAuthHandler,
): (request: Request) => Promise<Response> {
  const endpoints = servedEndpoints(features);
  const door: Door = {
    endpoints,
    // A `:param` of the table ("/callback/:id") stands for one segment of lower-case letters,
    // digits and dashes (a provider id), nothing that could reach another path.
    patterns: Object.keys(endpoints)
      .filter((key) => key.includes(":"))
      .map((key) => ({ key, pattern: new RegExp(`^${key.replace(/:\w+/g, "[a-z0-9-]{1,64}")}$`) })),
    errors: errorAnswers(features),
    auth,
  };
  return async (request) => {
    try {
      return await throughThePolicy(door, request);
    } catch (error) {
      if (error instanceof HttpError) return answerForItsClient(error, error.code);
      throw error;
    }
  };
}

type Door = {
  endpoints: Record<string, ServedEndpoint>;
  patterns: { key: string; pattern: RegExp }[];
  errors: Record<string, ErrorAnswer>;
  auth: () => BetterAuthHandler;
};

export const serveBetterAuth = frontDoor(AUTH_FEATURES, getAuth);

// Better Auth's own cookies: flow state (`better-auth.two_factor`, `.trust_device`, `.state`,
// `better-auth-passkey`, ...) under any of its prefixes.
const BETTER_AUTH_COOKIE = /^(__Secure-|__Host-)?better-auth[.-]/;

async function throughThePolicy(door: Door, request: Request): Promise<Response> {
  const endpoint = servedEndpoint(door, request);
  refuseAmbiguousCookies(request);
  refuseInvalidQuery(request, endpoint);
  const body = await validatedBody(request, endpoint);
  const claims = await signedInClaims(request.headers);
  if (endpoint.caller === "signed-in" && !claims) throw unauthenticated(request.headers);
  await endpoint.limit.enforce({
    request,
    body,
    accountEmail: claims?.email,
    accountId: claims?.sub,
  });
  if (endpoint.newPasswordField) {
    const field = endpoint.newPasswordField;
    await refuseBreachedPassword(String(body[field]), field);
  }

  const headers = new Headers(request.headers);
  headers.delete("content-length");
  if (endpoint.body) headers.set("content-type", "application/json");
  const forwarded = new Request(request.url, {
    method: request.method,
    headers,
    body: endpoint.body ? JSON.stringify(body) : undefined,
  });
  if (endpoint.answeredAtOnce) {
    runAfterResponse("better_auth_background_request_failed", () => door.auth().handler(forwarded));
    return jsonNoStore(endpoint.answeredAtOnce);
  }
  return inOurErrorShape(door, await door.auth().handler(forwarded), body);
}

function servedEndpoint(door: Door, request: Request): ServedEndpoint {
  const { pathname } = new URL(request.url);
  const path = pathname.startsWith(`${BASE_PATH}/`) ? pathname.slice(BASE_PATH.length) : "";
  const key = tableKey(door, path);
  const endpoint = key === undefined ? undefined : door.endpoints[key];
  if (!endpoint) throw new HttpError(404, "not_found", "Not found");
  if (request.method !== endpoint.method) {
    throw new HttpError(405, "method_not_allowed", `Use ${endpoint.method}`, {
      headers: { allow: endpoint.method },
    });
  }
  return endpoint;
}

function tableKey(door: Door, path: string): string | undefined {
  if (Object.hasOwn(door.endpoints, path)) return path;
  return door.patterns.find(({ pattern }) => pattern.test(path))?.key;
}

/**
 * Two values under one of Better Auth's cookie names: our limits read the first (the per-account
 * count of second-factor codes reads the challenge), Better Auth the last, so such a request
 * could be counted against one challenge and checked against another. Refused, as two credential
 * cookies are (lib/auth/tokens/cookies.ts).
 */
function refuseAmbiguousCookies(request: Request): void {
  const names = conflictingCookies(request.headers.get("cookie"));
  if (names.some((name) => BETTER_AUTH_COOKIE.test(name))) {
    throw new HttpError(400, "conflicting_cookies", "Clear this site's cookies and try again");
  }
}

function refuseInvalidQuery(request: Request, endpoint: ServedEndpoint): void {
  if (!endpoint.query) return;
  const parsed = endpoint.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw validationError(parsed.error);
}

async function validatedBody(
  request: Request,
  endpoint: ServedEndpoint,
): Promise<Record<string, unknown>> {
  if (!endpoint.body) return {};
  const text = await readBodyText(request);
  // Better Auth's client posts `{}` or nothing at all to endpoints without parameters.
  let value: unknown = {};
  if (text.trim() !== "") {
    if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) {
      throw new HttpError(415, "unsupported_media_type", "Send the body as application/json");
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, "invalid_json", "The body is not valid JSON");
    }
  }
  const parsed = endpoint.body.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

async function inOurErrorShape(
  door: Door,
  response: Response,
  body: Record<string, unknown>,
): Promise<Response> {
  if (response.status < 400 || !response.headers.get("content-type")?.includes("json")) {
    return response;
  }
  const refused = (await response.json().catch(() => ({}))) as {
    code?: unknown;
    message?: unknown;
  };
  const code = typeof refused.code === "string" ? refused.code : "error";
  const ours =
    (await (Object.hasOwn(door.errors, code) ? door.errors[code]?.(body) : undefined)) ??
    new HttpError(
      response.status,
      code.toLowerCase(),
      typeof refused.message === "string" ? refused.message : "The request was refused",
    );
  const answer = answerForItsClient(ours, code);
  for (const cookie of response.headers.getSetCookie()) answer.headers.append("set-cookie", cookie);
  return answer;
}

/**
 * Our error shape, plus `code` and `message` at the top level, where Better Auth's client reads
 * them (its own code for its own errors, so code written against its documentation still works).
 */
function answerForItsClient(error: HttpError, code: string): Response {
  const response = errorResponse(error);
  const { fields } = error.options;
  const body = {
    error: { code: error.code, message: error.message, ...(fields && { fields }) },
    code,
    message: error.message,
  };
  return new Response(JSON.stringify(body), response);
}
