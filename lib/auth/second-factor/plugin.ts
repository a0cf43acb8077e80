import { twoFactor } from "better-auth/plugins/two-factor";
import { secondFactorRules } from "./rules";

/**
 * Better Auth's `twoFactor` plugin as we run it (issue 15): TOTP from an authenticator app with
 * ten single-use backup codes, no email or SMS codes. After a correct password it deletes the
 * session it just created, unsets `newSession` (so the token bridge issues no token pair) and
 * leaves only its own challenge cookie: httpOnly, signed, five minutes, consumed by the first
 * correct code. Our rules around it (the same answer for every failed code, a code to disable,
 * other sessions ended on enabling, trusted browsers forgotten) are `secondFactorRules`.
 *
 * Both must come before the token bridge in `plugins` (lib/auth/better-auth/auth.ts): the bridge's after-hook
 * decides whether a sign-in finished once theirs ran.
 */
export const CHALLENGE_LIFETIME_SECONDS = 5 * 60;
export const TRUSTED_BROWSER_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

export function secondFactorPlugins() {
  return [
    twoFactor({
      issuer: "Taskflow",
      twoFactorCookieMaxAge: CHALLENGE_LIFETIME_SECONDS,
      trustDeviceMaxAge: TRUSTED_BROWSER_LIFETIME_SECONDS,
    }),
    secondFactorRules(),
  ];
}
