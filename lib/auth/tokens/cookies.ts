import { getTokenEnv } from "@/lib/token-env";

/**
 * Our cookies' names. In production they carry the `__Host-` prefix: a browser stores such a
 * cookie only when it is Secure, has Path=/ and no Domain, and was set by this host itself, so a
 * sibling subdomain cannot plant or shadow one (a `Domain=` cookie it sets can only carry the
 * plain name, which production never reads). Development on http://localhost keeps plain names.
 * Tests that drive a production build (`next start`) pass `production: true`.
 */
export function cookieNames(production = getTokenEnv().NODE_ENV === "production") {
  const prefix = production ? "__Host-" : "";
  return {
    access: `${prefix}access_token`,
    refresh: `${prefix}refresh_token`,
    device: `${prefix}device_token`,
  };
}

/**
 * One of our cookies. httpOnly so page scripts never see a token; SameSite=Lax so a cross-site
 * form post carries none; Path=/ and, in production, Secure, as the `__Host-` prefix requires.
 * Light: the proxy reads and re-sets the credential cookies. Without a Max-Age the
 * cookie lasts until the browser closes (a session cookie).
 */
export function serializeCookie(
  name: string,
  value: string,
  maxAgeSeconds: number | undefined,
): string {
  const secure = getTokenEnv().NODE_ENV === "production" ? "; Secure" : "";
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
  const names = cookieNames();
  const kept = values.persistent !== false;
  return [
    serializeCookie(names.access, values.accessToken, kept ? values.accessMaxAge : undefined),
    serializeCookie(names.refresh, values.refreshToken, kept ? values.refreshMaxAge : undefined),
  ];
}

export function clearedTokenCookies(): string[] {
  const names = cookieNames();
  return [serializeCookie(names.access, "", 0), serializeCookie(names.refresh, "", 0)];
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
 * different values under its name: a script or an older cookie that shadows ours must not decide
 * which session a request runs as (parsers disagree on whether the first or the last wins), so
 * such a request is not signed in at all, on the API (the guard, the refresh route) and on pages
 * (the proxy) alike. The same rule holds for Better Auth's flow cookies (a second factor's
 * challenge, a trusted browser, a provider's state): see `conflictingCookies`.
 */
export function readCredentialCookie(
  cookieHeader: string | null,
  name: string,
): string | "conflict" | undefined {
  const [value, ...others] = new Set(cookieValues(cookieHeader, name));
  // Token values are base64url and JWTs: nothing to unquote or decode, so the proxy needs no
  // cookie library for them.
  return others.length > 0 ? "conflict" : value;
}

/** The names the header carries with two different values (see readCredentialCookie). */
export function conflictingCookies(cookieHeader: string | null): string[] {
  const names = new Set(
    (cookieHeader?.split(";") ?? []).map((part) => part.slice(0, part.indexOf("=")).trim()),
  );
  return [...names].filter((name) => name && new Set(cookieValues(cookieHeader, name)).size > 1);
}

/** Every non-empty value a `Cookie` header carries under `name`, in order. */
export function cookieValues(cookieHeader: string | null, name: string): string[] {
  const values: string[] = [];
  for (const part of cookieHeader?.split(";") ?? []) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      if (value) values.push(value);
    }
  }
  return values;
}

/** One cookie of a `Cookie` header: the first value under `name`, as browsers order them. */
export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  return cookieValues(cookieHeader, name)[0];
}
