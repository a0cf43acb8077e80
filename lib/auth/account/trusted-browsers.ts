import { createHMAC } from "@better-auth/utils/hmac";
import { generateRandomString } from "better-auth/crypto";
import { and, eq, like } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { verification } from "@/lib/db/schema";
import type { HookContext } from "../contract/hooks";

/**
 * "Trust this browser for 30 days" is Better Auth's trust-device cookie: `<hmac>!<identifier>`,
 * the HMAC of the user id and the identifier, valid while `verification` holds the identifier →
 * that user id. The HMAC binds it to the account; deleting the account's rows revokes every trusted
 * browser at once, which we do whenever the account's other sign-ins are ended (the second factor
 * enabled or disabled, "sign out everywhere else", a password reset).
 *
 * Better Auth reads the cookie for password sign-ins only; `trustedBrowserSkipsCode` is the same
 * check for a provider sign-in (lib/auth/second-factor/provider-sign-in.ts), kept to Better Auth's format so that one
 * cookie serves both.
 */
export const TRUSTED_BROWSER_LIFETIME_SECONDS = 30 * 24 * 60 * 60;
const TRUSTED_BROWSER_PREFIX = "trust-device-";
const TRUST_DEVICE_COOKIE = "trust_device";

export async function forgetTrustedBrowsers(userId: string): Promise<void> {
  await getDb()
    .delete(verification)
    .where(
      and(
        eq(verification.value, userId),
        like(verification.identifier, `${TRUSTED_BROWSER_PREFIX}%`),
      ),
    );
}

const signTrust = (ctx: HookContext, userId: string, identifier: string) =>
  createHMAC("SHA-256", "base64urlnopad").sign(ctx.context.secret, `${userId}!${identifier}`);

/**
 * Whether this browser was trusted by this account at an earlier code step and still is. When
 * it is, the trust is renewed as Better Auth renews it on a password sign-in: the old identifier
 * is spent and the browser gets a new one for another 30 days.
 */
export async function trustedBrowserSkipsCode(ctx: HookContext, userId: string) {
  const cookie = ctx.context.createAuthCookie(TRUST_DEVICE_COOKIE, {
    maxAge: TRUSTED_BROWSER_LIFETIME_SECONDS,
  });
  const value = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  const [mac, identifier] = value ? value.split("!") : [];
  if (!mac || !identifier || mac !== (await signTrust(ctx, userId, identifier))) return false;
  const record = await ctx.context.internalAdapter.findVerificationValue(identifier);
  if (!record || record.value !== userId || record.expiresAt <= new Date()) return false;

  await ctx.context.internalAdapter.deleteVerificationByIdentifier(identifier);
  const renewed = `${TRUSTED_BROWSER_PREFIX}${generateRandomString(32)}`;
  await ctx.context.internalAdapter.createVerificationValue({
    value: userId,
    identifier: renewed,
    expiresAt: new Date(Date.now() + TRUSTED_BROWSER_LIFETIME_SECONDS * 1000),
  });
  const renewedValue = `${await signTrust(ctx, userId, renewed)}!${renewed}`;
  await ctx.setSignedCookie(cookie.name, renewedValue, ctx.context.secret, cookie.attributes);
  return true;
}
