import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { sha256 } from "@/lib/crypto/sha256";
import { getDb } from "@/lib/db/client";
import { account as accountTable, user } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import { cookieNames, cookieValues, serializeCookie } from "../tokens/cookies";

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser that
 * signed in to an account successfully carries a signed, httpOnly cookie naming that account and
 * a random device id. Its later password attempts for that account count in a bucket of their
 * own (`login-device`), so five wrong guesses a minute from elsewhere, which fill the account's
 * bucket (`login-account`), do not lock the owner out of her usual browser. The cookie grants
 * nothing by itself: a password is still checked.
 *
 * Value: `<account>.<device>.<mac>`, where account is a hash of the normalised email (the cookie
 * names no address), device 16 random bytes, mac an HMAC-SHA256 of both under a key derived
 * from BETTER_AUTH_SECRET, bound as well to the account as it was signed in to: its id and its
 * password's stored hash. A new password (a reset, a change) or a new account under the address
 * makes every older device cookie a stranger's: each sign-in mints one more, so whoever signed in
 * before (someone who registered the address before its owner proved it, someone who knew the old
 * password) would otherwise keep as many buckets of ten guesses a minute as they had collected.
 * One cookie per browser: the account it last signed in to.
 */
const LIFETIME_SECONDS = 180 * 24 * 60 * 60;

const accountHash = (email: string) => sha256(normalizeEmail(email)).slice(0, 22);

function mac(account: string, device: string, credentials: string): Buffer {
  return createHmac("sha256", getEnv().BETTER_AUTH_SECRET)
    .update(`device-cookie:${account}.${device}.${credentials}`)
    .digest();
}

/**
 * What a device cookie for `email` is bound to: the account's id and its password's stored hash
 * (none for an account without a password), or nothing when no account has the address.
 */
export async function deviceCredentials(email: string): Promise<string> {
  const [row] = await getDb()
    .select({ id: user.id, password: accountTable.password })
    .from(user)
    .leftJoin(
      accountTable,
      and(eq(accountTable.userId, user.id), eq(accountTable.providerId, "credential")),
    )
    .where(eq(user.email, normalizeEmail(email)));
  return row ? `${row.id}.${row.password ?? ""}` : "";
}

/** The Set-Cookie of a new device cookie for a finished sign-in to `email`, with its credentials. */
export function deviceCookie(email: string, credentials: string): string {
  const account = accountHash(email);
  const device = randomBytes(16).toString("base64url");
  const signature = mac(account, device, credentials).toString("base64url");
  return serializeCookie(
    cookieNames().device,
    `${account}.${device}.${signature}`,
    LIFETIME_SECONDS,
  );
}

/**
 * The device id of a request's valid device cookie for `email`, or undefined. Every value under
 * the cookie's name is tried, so a cookie planted beside ours cannot shadow it. The account's
 * `credentials` are read from the database only when the request has a cookie for it and the
 * caller did not read them already (a finished sign-in does, for its new cookie).
 */
export async function trustedDevice(
  request: Pick<Request, "headers">,
  email: string,
  credentials?: string,
): Promise<string | undefined> {
  const account = accountHash(email);
  const values = cookieValues(request.headers.get("cookie"), cookieNames().device).filter((value) =>
    value.startsWith(`${account}.`),
  );
  if (values.length === 0) return undefined;
  const current = credentials ?? (await deviceCredentials(email));
  for (const value of values) {
    const device = validDevice(value, account, current);
    if (device) return device;
  }
  return undefined;
}

function validDevice(value: string, account: string, credentials: string): string | undefined {
  const [named, device, signature, ...rest] = value.split(".");
  if (named !== account || !device || !signature || rest.length > 0) return undefined;
  const expected = mac(account, device, credentials);
  const presented = Buffer.from(signature, "base64url");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return undefined;
  }
  return device;
}
