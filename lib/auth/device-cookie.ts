import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { readCookie } from "./cookies";
import { normalizeEmail } from "./normalize-email";

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser that
 * signed in to an account successfully carries a signed, httpOnly cookie naming that account and
 * a random device id. Its later password attempts for that account count in a bucket of their
 * own (`login-device`), so five wrong guesses a minute from elsewhere, which fill the account's
 * bucket (`login-account`), do not lock the owner's usual browser out. The cookie grants nothing
 * by itself: a password is still checked, and it goes only to /api/auth.
 *
 * Value: `<account>.<device>.<mac>`, where account is a hash of the normalised email (the cookie
 * names no address), device 16 random bytes, mac an HMAC-SHA256 of both under a key derived
 * from BETTER_AUTH_SECRET. One cookie per browser: the account it last signed in to.
 */
export const DEVICE_COOKIE = "device_token";
const LIFETIME_SECONDS = 180 * 24 * 60 * 60;

const accountHash = (email: string) =>
  createHash("sha256").update(normalizeEmail(email)).digest("base64url").slice(0, 22);

function mac(account: string, device: string): Buffer {
  return createHmac("sha256", getEnv().BETTER_AUTH_SECRET)
    .update(`device-cookie:${account}.${device}`)
    .digest();
}

/** The Set-Cookie of a new device cookie for a finished sign-in to `email`. */
export function deviceCookie(email: string): string {
  const account = accountHash(email);
  const device = randomBytes(16).toString("base64url");
  const value = `${account}.${device}.${mac(account, device).toString("base64url")}`;
  const secure = getEnv().NODE_ENV === "production" ? "; Secure" : "";
  return `${DEVICE_COOKIE}=${value}; Path=/api/auth; Max-Age=${LIFETIME_SECONDS}; HttpOnly; SameSite=Lax${secure}`;
}

/** The device id of a request's valid device cookie for `email`, or undefined. */
export function trustedDevice(request: Request, email: string): string | undefined {
  const value = readCookie(request.headers.get("cookie"), DEVICE_COOKIE);
  const [account, device, signature, ...rest] = value?.split(".") ?? [];
  if (!account || !device || !signature || rest.length > 0) return undefined;
  if (account !== accountHash(email)) return undefined;
  const expected = mac(account, device);
  const presented = Buffer.from(signature, "base64url");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return undefined;
  }
  return device;
}
