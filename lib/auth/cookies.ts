import { parseCookies } from "better-auth/cookies/utils";
import { getEnv } from "@/lib/env";

/**
 * The two credential cookies. Edge-safe: the middleware reads and re-sets them. httpOnly so
 * page scripts never see a token; SameSite=Lax so a cross-site form post carries neither.
 */
export const ACCESS_COOKIE = "access_token";
export const REFRESH_COOKIE = "refresh_token";

/** Without a Max-Age the cookie lasts until the browser closes (a session cookie). */
function serialize(name: string, value: string, maxAgeSeconds: number | undefined): string {
  const secure = getEnv().NODE_ENV === "production" ? "; Secure" : "";
  const maxAge = maxAgeSeconds === undefined ? "" : `; Max-Age=${maxAgeSeconds}`;
  return `${name}=${value}; Path=/${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export type TokenCookieValues = {
  accessToken: string;
  accessMaxAge: number;
  refreshToken: string;
  refreshMaxAge: number;
  /** false: "Keep me signed in" was not chosen, both cookies end with the browser session. */
  persistent?: boolean;
};

export function tokenCookies(values: TokenCookieValues): string[] {
  const kept = values.persistent !== false;
  return [
    serialize(ACCESS_COOKIE, values.accessToken, kept ? values.accessMaxAge : undefined),
    serialize(REFRESH_COOKIE, values.refreshToken, kept ? values.refreshMaxAge : undefined),
  ];
}

export function clearedTokenCookies(): string[] {
  return [serialize(ACCESS_COOKIE, "", 0), serialize(REFRESH_COOKIE, "", 0)];
}

/** Signs the browser out: the response expires both cookies. */
export function withClearedTokenCookies(response: Response): Response {
  for (const cookie of clearedTokenCookies()) response.headers.append("set-cookie", cookie);
  return response;
}

/** Passes on the cookies an in-process Better Auth call set (ours and its plugins'). */
export function withSetCookies(response: Response, from: Headers | null | undefined): Response {
  for (const cookie of from?.getSetCookie() ?? []) response.headers.append("set-cookie", cookie);
  return response;
}

/**
 * A credential cookie (access or refresh token), or `"conflict"` when the header carries two
 * different values under its name: a sibling site or a script that planted a second one must
 * not decide which session a request runs as (parsers disagree on whether the first or the last
 * wins), so such a request is not signed in at all.
 */
export function readCredentialCookie(
  cookieHeader: string | null,
  name: string,
): string | "conflict" | undefined {
  const values = new Set<string>();
  for (const part of cookieHeader?.split(";") ?? []) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      if (value) values.add(value);
    }
  }
  if (values.size > 1) return "conflict";
  return readCookie(cookieHeader, name);
}

/** One cookie of a `Cookie` header, read by Better Auth's parser (the one toolkit we use). */
export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookies(cookieHeader).get(name) || undefined;
}
