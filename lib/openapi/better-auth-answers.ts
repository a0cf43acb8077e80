import { z } from "zod";
import { FRESH_SIGN_IN_SECONDS } from "@/lib/auth/passkeys/plugin";
import { ROLES } from "@/lib/validation/roles";
import { type Answer, betterAuthErrorBody, timestamp } from "./responses";

/**
 * What each Better Auth endpoint the front door serves answers when it succeeds, as strict
 * objects: Better Auth's own shapes, less the session token the token bridge removes.
 * document.ts refuses to build without an entry for every served endpoint, so a new one cannot
 * go undocumented, and tests/integration/openapi.test.ts (and sso.test.ts for the provider
 * flows) checks real answers against these.
 */

const betterAuthUser = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.email(),
  emailVerified: z.boolean(),
  image: z.string().nullable(),
  role: z.enum(ROLES),
  twoFactorEnabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const signedInSession = z.strictObject({
  session: z.strictObject({
    id: z.string(),
    userId: z.string(),
    expiresAt: timestamp,
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
  // The whole user row, the ban of an admin (lib/admin/) included: past, when signed in.
  user: betterAuthUser.extend({
    roleSetAt: timestamp.nullable(),
    banned: z.boolean(),
    banReason: z.string().nullable(),
    banExpires: timestamp.nullable(),
  }),
});

/** Where a provider flow goes next: the browser follows `url`. */
const providerRedirect = z.strictObject({ url: z.url(), redirect: z.literal(true) });

const status = z.strictObject({ status: z.boolean() });

/** A correct password on an account with a second factor: no session yet, only the challenge. */
const secondFactorDue = z.strictObject({
  twoFactorRedirect: z.literal(true),
  twoFactorMethods: z.array(z.string()),
});
const backupCodes = z.array(z.string()).length(10);
const failedCode = (description: string): Answer => ({
  description: `${description}; a wrong code, a used backup code or an expired, used or forged challenge: all the same 401 invalid_code`,
  body: betterAuthErrorBody,
});

const ok = (description: string, body: z.ZodType): Answer => ({ description, body });

/** One of the account's passkeys, as Better Auth stores it: a public key, never a secret. */
const passkey = z.strictObject({
  id: z.string(),
  name: z.string().nullable().optional(),
  publicKey: z.string(),
  userId: z.string(),
  credentialID: z.string(),
  counter: z.number().int(),
  deviceType: z.enum(["singleDevice", "multiDevice"]),
  backedUp: z.boolean(),
  transports: z.string().nullable(),
  createdAt: timestamp.nullable(),
  aaguid: z.string().nullable(),
});
const credentialDescriptor = z.strictObject({
  id: z.string(),
  type: z.literal("public-key"),
  transports: z.array(z.string()).optional(),
});
const sessionNotFresh: Answer = {
  description: `The sign-in is older than ${FRESH_SIGN_IN_SECONDS / 3600} hours: sign in again to add a passkey (session_not_fresh)`,
  body: betterAuthErrorBody,
};

export const BETTER_AUTH_ANSWERS: Record<string, Record<number, Answer>> = {
  "/sign-up/email": { 200: ok("The new account", z.strictObject({ user: betterAuthUser })) },
  "/sign-in/email": {
    200: ok(
      "Signed in: our token pair is in the cookies",
      z.union([
        z.strictObject({ redirect: z.boolean(), url: z.url().optional(), user: betterAuthUser }),
        secondFactorDue,
      ]),
    ),
  },
  "/sign-out": { 200: ok("Signed out", z.strictObject({ success: z.literal(true) })) },
  "/get-session": {
    200: ok("The session and its user, or null when signed out", signedInSession.nullable()),
  },
  "/update-user": { 200: ok("Saved", status) },
  "/change-password": { 200: ok("Changed", z.strictObject({ user: betterAuthUser })) },
  "/request-password-reset": {
    200: ok(
      "The same answer for every address",
      z.strictObject({ status: z.literal(true), message: z.string() }),
    ),
  },
  "/send-verification-email": {
    200: ok("The same answer for every address", z.strictObject({ status: z.literal(true) })),
  },
  "/two-factor/enable": {
    200: ok(
      "The new secret (as an otpauth:// URI) and ten backup codes; a code confirms it",
      z.strictObject({ method: z.literal("totp"), totpURI: z.string(), backupCodes }),
    ),
  },
  "/two-factor/verify-totp": {
    200: ok(
      "Signed in (our token pair in the cookies), or the app confirmed",
      z.strictObject({ user: betterAuthUser }),
    ),
    401: failedCode("The code was not accepted"),
  },
  "/two-factor/verify-backup-code": {
    200: ok("Signed in (our token pair in the cookies)", z.strictObject({ user: betterAuthUser })),
    401: failedCode("The code was not accepted"),
  },
  "/two-factor/generate-backup-codes": {
    200: ok(
      "Ten new backup codes; the old ones stop working",
      z.strictObject({ status: z.literal(true), backupCodes }),
    ),
  },
  "/two-factor/disable": { 200: ok("Turned off", status), 401: failedCode("The code was wrong") },
  "/passkey/generate-register-options": {
    200: ok(
      "WebAuthn creation options for `navigator.credentials.create()`; the challenge's cookie",
      z.strictObject({
        challenge: z.string(),
        rp: z.strictObject({ name: z.string(), id: z.string() }),
        user: z.strictObject({ id: z.string(), name: z.string(), displayName: z.string() }),
        pubKeyCredParams: z.array(
          z.strictObject({ alg: z.number(), type: z.literal("public-key") }),
        ),
        timeout: z.number(),
        attestation: z.literal("none"),
        excludeCredentials: z.array(credentialDescriptor),
        authenticatorSelection: z.strictObject({
          residentKey: z.string(),
          userVerification: z.literal("required"),
          requireResidentKey: z.boolean(),
          authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
        }),
        extensions: z.record(z.string(), z.unknown()),
        hints: z.array(z.string()),
      }),
    ),
    403: sessionNotFresh,
  },
  "/passkey/verify-registration": {
    200: ok("The passkey added; no sign-in, no new tokens", passkey),
    403: sessionNotFresh,
  },
  "/passkey/generate-authenticate-options": {
    200: ok(
      "WebAuthn request options for `navigator.credentials.get()`; the challenge's cookie",
      z.strictObject({
        rpId: z.string(),
        challenge: z.string(),
        allowCredentials: z.array(credentialDescriptor).optional(),
        timeout: z.number(),
        userVerification: z.string(),
      }),
    ),
  },
  "/passkey/verify-authentication": {
    200: ok(
      "Signed in (our token pair in the cookies)",
      signedInSession.extend({ user: betterAuthUser }),
    ),
  },
  "/passkey/list-user-passkeys": { 200: ok("The account's passkeys", z.array(passkey)) },
  "/passkey/update-passkey": { 200: ok("Renamed", z.strictObject({ passkey })) },
  "/passkey/delete-passkey": { 200: ok("Removed", z.strictObject({ status: z.literal(true) })) },
  "/sign-in/social": { 200: ok("The provider's authorization page", providerRedirect) },
  "/callback/:id": {
    302: {
      description:
        "Signed in (our token pair in the cookies) or linked, then to the page that started it; a failed flow goes to /login?error=<code>",
    },
  },
  "/link-social": { 200: ok("The provider's authorization page", providerRedirect) },
  "/unlink-account": { 200: ok("Disconnected", status) },
  "/list-accounts": {
    200: ok(
      "The account's ways to sign in",
      z.array(
        z.strictObject({
          id: z.string(),
          providerId: z.string(),
          accountId: z.string(),
          userId: z.string(),
          scopes: z.array(z.string()),
          createdAt: timestamp,
          updatedAt: timestamp,
        }),
      ),
    ),
  },
};
