import { getEnv } from "@/lib/env";

/**
 * The two credential cookies. Edge-safe: the middleware reads and re-sets them. httpOnly so
 * page scripts never see a token; SameSite=Lax so a cross-site form post carries neither.
 */
export const ACCESS_COOKIE = "access_token";
export const REFRESH_COOKIE = "refresh_token";

function serialize(name: string, value: string, maxAgeSeconds: number): string {
  const secure = getEnv().NODE_ENV === "production" ? "; Secure" : "";
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

export type TokenCookieValues = {
  accessToken: string;
  accessMaxAge: number;
  refreshToken: string;
  refreshMaxAge: number;
};

export function tokenCookies(values: TokenCookieValues): string[] {
  return [
    serialize(ACCESS_COOKIE, values.accessToken, values.accessMaxAge),
    serialize(REFRESH_COOKIE, values.refreshToken, values.refreshMaxAge),
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

export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      return part.slice(separator + 1).trim() || undefined;
    }
  }
  return undefined;
}
