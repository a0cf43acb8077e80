import { createCookieGetter } from "better-auth/cookies";
import { getEnv } from "@/lib/env";

/**
 * The cookie options our Better Auth instance runs with (lib/auth/better-auth/auth.ts spreads
 * them), so that code below it reads its cookies without the instance: the names follow from
 * the base URL alone (`__Secure-` on https) while `advanced` sets no prefix of its own.
 */
export function betterAuthCookieOptions() {
  const env = getEnv();
  return { baseURL: env.BETTER_AUTH_URL, secret: env.BETTER_AUTH_SECRET };
}

/** The name of one of Better Auth's cookies (`two_factor`, `dont_remember`, ...). */
export function betterAuthCookieName(cookie: string): string {
  return createCookieGetter(betterAuthCookieOptions())(cookie).name;
}
