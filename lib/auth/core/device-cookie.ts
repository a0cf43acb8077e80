import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sha256 } from "@/lib/crypto/sha256";
import { getEnv } from "@/lib/env";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import { cookieNames, cookieValues, serializeCookie } from "../tokens/cookies";

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser that
 * signed in to an account successfully carries a signed, httpOnly cookie naming that account and
 * a random device id. Its later password attempts for that account count in a bucket of their
 * own (`login-device`), so five wrong guesses a minute from elsewhere, which fill the account's
 * bucket (`login-account`), do not lock the owner's usual browser out. The cookie grants nothing
 * by itself: a password is still checked.
 *
 * Value: `<account>.<device>.<mac>`, where account is a hash of the normalised email (the cookie
 * names no address), device 16 random bytes, mac an HMAC-SHA256 of both under a key derived
 * from BETTER_AUTH_SECRET. One cookie per browser: the account it last signed in to.
 */
const LIFETIME_SECONDS = 180 * 24 * 60 * 60;

const accountHash = (email: string) => sha256(normalizeEmail(email)).slice(0, 22);

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
  return serializeCookie(cookieNames().device, value, LIFETIME_SECONDS);
}

/**
 * The device id of a request's valid device cookie for `email`, or undefined. Every value under
 * the cookie's name is tried, so a cookie planted beside ours cannot shadow it.
 */
export function trustedDevice(
  request: Pick<Request, "headers">,
  email: string,
): string | undefined {
  const values = cookieValues(request.headers.get("cookie"), cookieNames().device);
  for (const value of values) {
    const device = validDevice(value, email);
    if (device) return device;
  }
  return undefined;
}

function validDevice(value: string, email: string): string | undefined {
  const [account, device, signature, ...rest] = value.split(".");
  if (!account || !device || !signature || rest.length > 0) return undefined;
  if (account !== accountHash(email)) return undefined;
  const expected = mac(account, device);
  const presented = Buffer.from(signature, "base64url");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return undefined;
  }
  return device;
}
