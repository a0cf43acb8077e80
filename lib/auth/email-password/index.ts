import { z } from "zod";
import { HttpError } from "@/lib/http/errors";
import { securityEventHooks } from "../account/security-events";
import { betterAuthUser, ok } from "../contract/answers";
import { type AuthFeature, withoutToken } from "../contract/endpoint";
import {
  FORGOT_PASSWORD_LIMIT,
  PASSWORD_CHECK_LIMIT,
  REGISTER_LIMIT,
  SIGN_IN_LIMIT,
} from "../core/auth-limits";
import { emailTaken, explainFailedSignUp, incorrectCredentials } from "../core/credentials";
import {
  callbackURL,
  displayName,
  email,
  imageUrl,
  newPassword,
  presentedEmail,
  presentedPassword,
} from "../fields/fields";
import { PASSWORD_MESSAGES } from "../fields/password-rules";

/**
 * An account with an email and a password: sign-up, sign-in, a password change and a reset,
 * through Better Auth's own endpoints (its `emailAndPassword`, configured in
 * lib/auth/better-auth/auth.ts). Our /api/auth/register and /login take the same paths.
 */
export const emailPassword = {
  plugins: () => [securityEventHooks()],
  endpoints: {
    "/sign-up/email": {
      method: "POST",
      caller: "anyone",
      body: z.strictObject({
        name: displayName,
        email,
        password: newPassword,
        image: imageUrl.optional(),
        callbackURL,
        rememberMe: z.boolean().optional(),
      }),
      limit: REGISTER_LIMIT,
      newPasswordField: "password",
      answers: { 200: ok("The new account", z.strictObject({ user: betterAuthUser })) },
      withoutSessionToken: withoutToken,
      why: "Better Auth's client `signUp.email`; the same account as /api/auth/register",
    },
    "/sign-in/email": {
      method: "POST",
      caller: "anyone",
      body: z.strictObject({
        email: presentedEmail,
        password: presentedPassword,
        callbackURL,
        rememberMe: z.boolean().optional(),
      }),
      limit: SIGN_IN_LIMIT,
      answers: {
        200: ok(
          "Signed in: our token pair is in the cookies",
          z.union([
            z.strictObject({
              redirect: z.boolean(),
              url: z.url().optional(),
              user: betterAuthUser,
            }),
            // A correct password on an account with a second factor: only the challenge.
            z.strictObject({
              twoFactorRedirect: z.literal(true),
              twoFactorMethods: z.array(z.string()),
            }),
          ]),
        ),
      },
      withoutSessionToken: withoutToken,
      why: "Better Auth's client `signIn.email`; a finished sign-in gets our token pair",
    },
    "/change-password": {
      method: "POST",
      caller: "signed-in",
      body: z
        .strictObject({
          currentPassword: presentedPassword,
          newPassword,
          revokeOtherSessions: z.boolean().optional(),
        })
        .refine((body) => body.newPassword !== body.currentPassword, {
          path: ["newPassword"],
          message: PASSWORD_MESSAGES.sameAsCurrent,
        }),
      // Checking the current password is a guess at it, counted as a sign-in.
      limit: PASSWORD_CHECK_LIMIT,
      newPasswordField: "newPassword",
      answers: { 200: ok("Changed", z.strictObject({ user: betterAuthUser })) },
      withoutSessionToken: withoutToken,
      why: "settings: the password; checking the current one is a guess at it, counted as a sign-in",
    },
    "/request-password-reset": {
      method: "POST",
      caller: "anyone",
      body: z.strictObject({ email: presentedEmail, redirectTo: callbackURL }),
      limit: FORGOT_PASSWORD_LIMIT,
      // Better Auth's own answer, word for word, for every address.
      answeredAtOnce: {
        status: true,
        message: "If this email exists in our system, check your email for the reset link",
      },
      answers: {
        200: ok(
          "The same answer for every address",
          z.strictObject({ status: z.literal(true), message: z.string() }),
        ),
      },
      why: "Better Auth's client `requestPasswordReset`; the same flow as /api/auth/forgot-password",
    },
  },
  errors: {
    INVALID_EMAIL_OR_PASSWORD: incorrectCredentials,
    USER_ALREADY_EXISTS: emailTaken,
    USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: emailTaken,
    FAILED_TO_CREATE_USER: (body) => explainFailedSignUp(String(body.email ?? "")),
    INVALID_PASSWORD: () =>
      new HttpError(400, "invalid_password", "Incorrect password", {
        fields: { currentPassword: ["Incorrect password"] },
      }),
  },
} satisfies AuthFeature;
