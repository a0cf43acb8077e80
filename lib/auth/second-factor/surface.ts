import { z } from "zod";
import { betterAuthUser, ok, status } from "../contract/answers";
import { type EndpointAnswer, type ServedEndpoint, withoutToken } from "../contract/endpoint";
import { PASSWORD_CHECK_LIMIT } from "../core/auth-limits";
import { presentedPassword } from "../fields/fields";
import { currentSecondFactor, secondFactorCode } from "./current-factor";
import { SECOND_FACTOR_CHANGE_LIMIT, SECOND_FACTOR_LIMIT } from "./limits";

/**
 * Better Auth's two-factor endpoints, as the front door serves them, with the bodies its client
 * (`twoFactorClient`) sends. Codes from an authenticator app only: its email and SMS codes, and
 * the secret of an app already set up, are refused (./index.ts).
 */
const passwordAndSecondFactor = z.strictObject({
  password: presentedPassword,
  ...currentSecondFactor,
});
const backupCodes = z.array(z.string()).length(10);
const failedCode = (description: string): EndpointAnswer => ({
  description: `${description}; a wrong code, a used backup code or an expired, used or forged challenge: all the same 401 invalid_code`,
});

/** A sign-in's second step (or an app's confirmation): a code, limited per account. */
const codeStep = (signedIn: string, why: string): ServedEndpoint => ({
  method: "POST",
  caller: "anyone",
  body: z.strictObject({ code: secondFactorCode, trustDevice: z.boolean().optional() }),
  limit: SECOND_FACTOR_LIMIT,
  answers: {
    200: ok(signedIn, z.strictObject({ user: betterAuthUser })),
    401: failedCode("The code was not accepted"),
  },
  withoutSessionToken: withoutToken,
  why,
});

export const SECOND_FACTOR_ENDPOINTS: Record<string, ServedEndpoint> = {
  "/two-factor/enable": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ password: presentedPassword, method: z.literal("totp").optional() }),
    limit: PASSWORD_CHECK_LIMIT,
    answers: {
      200: ok(
        "The new secret (as an otpauth:// URI) and ten backup codes; a code confirms it",
        z.strictObject({ method: z.literal("totp"), totpURI: z.string(), backupCodes }),
      ),
    },
    why: "settings: a new authenticator-app secret and ten backup codes, after the current password; the app counts once a code confirms it (/two-factor/verify-totp), which ends the other sessions",
  },
  "/two-factor/verify-totp": codeStep(
    "Signed in (our token pair in the cookies), or the app confirmed",
    "the second step of a sign-in (its challenge cookie) or the confirmation of a new authenticator app; a finished sign-in gets our token pair",
  ),
  "/two-factor/verify-backup-code": codeStep(
    "Signed in (our token pair in the cookies)",
    "the second step of a sign-in with a backup code, which then stops working; a finished sign-in gets our token pair",
  ),
  "/two-factor/generate-backup-codes": {
    method: "POST",
    caller: "signed-in",
    body: passwordAndSecondFactor,
    limit: SECOND_FACTOR_CHANGE_LIMIT,
    answers: {
      200: ok(
        "Ten new backup codes; the old ones stop working",
        z.strictObject({ status: z.literal(true), backupCodes }),
      ),
    },
    why: "settings: ten new backup codes after the password and a current app code or passkey answer (only a second factor changes second factors); the old ones stop working",
  },
  "/two-factor/disable": {
    method: "POST",
    caller: "signed-in",
    body: passwordAndSecondFactor,
    limit: SECOND_FACTOR_CHANGE_LIMIT,
    answers: { 200: ok("Turned off", status), 401: failedCode("The code was wrong") },
    why: "settings: turns the second factor off after the password and a current app code or passkey answer; trusted browsers are forgotten",
  },
};
