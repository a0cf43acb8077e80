import { serializeSignedCookie } from "better-call";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { session } from "@/lib/db/schema";
import { getAuth } from "./auth";
import { clearedTokenCookies } from "./cookies";
import { accessTokenFrom, authenticate } from "./guard";
import { issueTokenPair, withTokenCookies } from "./token-pair";

/**
 * Serves Better Auth's own endpoints (/api/auth/sign-in/email, /get-session, ...) under our
 * token model (DESIGN.md, invariant 1): a browser holds only our access and refresh tokens.
 *
 * In: whatever Better Auth credentials a client sends are dropped; a valid access token is
 * translated into its session's Better Auth cookie, signed here, on the forwarded request.
 * Out: a new Better Auth session cookie becomes our token pair (a new refresh family); a
 * cleared one (sign-out) clears ours. Better Auth's own session token is stripped from the
 * cookies and the JSON body, so it never leaves the server.
 */
const SESSION_COOKIE = /^(__Secure-)?better-auth\.session_(token|data)=/;

export async function handleBetterAuthRequest(request: Request): Promise<Response> {
  const { forwarded, sessionToken } = await translateCredentials(request);
  const response = await getAuth().handler(forwarded);
  return translateResponse(response, sessionToken);
}

async function translateCredentials(request: Request) {
  const headers = new Headers(request.headers);
  headers.delete("authorization");
  const cookies = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie && !/^(__Secure-)?better-auth\./.test(cookie));

  const context = await authenticate(accessTokenFrom(request.headers));
  let sessionToken: string | undefined;
  if (context) {
    const [row] = await getDb()
      .select({ token: session.token })
      .from(session)
      .where(eq(session.id, context.sessionId));
    sessionToken = row?.token;
    if (sessionToken) cookies.push(await betterAuthSessionCookie(sessionToken));
  }
  headers.set("cookie", cookies.join("; "));
  const body =
    request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return {
    forwarded: new Request(request.url, { method: request.method, headers, body }),
    sessionToken,
  };
}

async function betterAuthSessionCookie(sessionToken: string): Promise<string> {
  const { authCookies, secret } = await getAuth().$context;
  const serialized = await serializeSignedCookie(
    authCookies.sessionToken.name,
    sessionToken,
    secret,
  );
  return serialized.split(";")[0] ?? "";
}

async function translateResponse(response: Response, incomingSessionToken: string | undefined) {
  const headers = new Headers(response.headers);
  headers.delete("set-cookie");
  headers.delete("content-length");
  let newSessionToken: string | undefined;
  let sessionCleared = false;
  for (const cookie of response.headers.getSetCookie()) {
    if (!SESSION_COOKIE.test(cookie)) {
      headers.append("set-cookie", cookie);
      continue;
    }
    if (!cookie.includes("session_token=")) continue;
    const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1).split(";")[0] ?? "");
    const token = value.split(".")[0];
    if (!token || /max-age=0/i.test(cookie)) sessionCleared = true;
    else if (token !== incomingSessionToken) newSessionToken = token;
  }

  const body = await withoutSessionToken(response);
  const translated = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  if (newSessionToken) return withTokenCookies(translated, await issueTokenPair(newSessionToken));
  if (sessionCleared)
    for (const cookie of clearedTokenCookies()) translated.headers.append("set-cookie", cookie);
  return translated;
}

// Session tokens appear in sign-in/up bodies, get-session's `session` and list-sessions' items.
async function withoutSessionToken(response: Response): Promise<BodyInit | null> {
  if (!response.headers.get("content-type")?.includes("application/json")) return response.body;
  const text = await response.text();
  try {
    return JSON.stringify(JSON.parse(text), (key, value) => (key === "token" ? undefined : value));
  } catch {
    return text;
  }
}
