import { createAuthMiddleware } from "better-auth/api";
import { deleteSessionCookie } from "better-auth/cookies";
import { generateRandomString } from "better-auth/crypto";
import { trustedBrowserSkipsCode } from "../account/trusted-browsers";
import type { HookContext } from "../contract/hooks";
import { safeNextPath } from "../tokens/safe-next";
import { CHALLENGE_LIFETIME_SECONDS } from "./challenge";

/** Where a provider sign-in waiting for its code lands: the sign-in page's second step. */
export const SECOND_FACTOR_STEP = "second_factor";

/**
 * A sign-in through GitHub, Google or OpenID Connect for an account with a second factor: the
 * provider proved the first factor only. Better Auth's twoFactor plugin stops password sign-ins
 * alone (its after-hook matches /sign-in/email and the like, not /callback/:id), so without this
 * a provider would skip the code. This does what it does for a password: the session the
 * callback just made is deleted and `newSession` unset (the token bridge issues no pair), and
 * the browser gets Better Auth's own challenge cookie, the one /two-factor/verify-totp and
 * /verify-backup-code read, then goes to the sign-in page's code step with the page it was going
 * to as `next`. A browser the account trusted at an earlier code step ("trust this browser for
 * 30 days") skips the code, as it does after a password. Linking an identity from settings
 * creates no session and passes through.
 */
export const askSecondFactorAfterProvider = createAuthMiddleware(async (ctx: HookContext) => {
  const created = ctx.context.newSession;
  if (!created?.user.twoFactorEnabled) return;
  if (await trustedBrowserSkipsCode(ctx, created.user.id)) return;
  // The callback's own redirect (a thrown APIError of its router's class, not ours to import).
  const going = (ctx.context.returned as { headers?: unknown } | undefined)?.headers;
  const location = going instanceof Headers ? (going.get("location") ?? "") : "";

  deleteSessionCookie(ctx, true);
  await ctx.context.internalAdapter.deleteSession(created.session.token);
  ctx.context.setNewSession(null);

  const challenge = ctx.context.createAuthCookie("two_factor", {
    maxAge: CHALLENGE_LIFETIME_SECONDS,
  });
  const identifier = `2fa-${generateRandomString(20)}`;
  const expiresAt = new Date(Date.now() + CHALLENGE_LIFETIME_SECONDS * 1000);
  await ctx.context.internalAdapter.createVerificationValue({
    value: created.user.id,
    identifier,
    expiresAt,
  });
  // Better Auth counts attempts per challenge in a row beside it (its verify endpoints need it).
  await ctx.context.internalAdapter.createVerificationValue({
    value: "0",
    identifier: `2fa-attempts-${identifier}`,
    expiresAt,
  });
  await ctx.setSignedCookie(challenge.name, identifier, ctx.context.secret, challenge.attributes);

  const next = safeNextPath(pathOnThisSite(location, ctx.context.baseURL));
  const step = new URLSearchParams({ [SECOND_FACTOR_STEP]: "1", next });
  throw ctx.redirect(`${new URL(ctx.context.baseURL).origin}/login?${step}`);
});

function pathOnThisSite(location: string, baseURL: string): string | undefined {
  try {
    const url = new URL(location, baseURL);
    return url.origin === new URL(baseURL).origin ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}
