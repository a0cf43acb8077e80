import { z } from "zod";
import { requiredSingleLineText } from "@/lib/validation/text";
import { betterAuthUser, ok, signedInSession, timestamp } from "../contract/answers";
import {
  type EndpointAnswer,
  isPlainObject,
  type ServedEndpoint,
  withoutToken,
} from "../contract/endpoint";
import { AUTH_IP_LIMIT, SIGN_IN_IP_LIMIT } from "../core/auth-limits";
import { PASSKEY_NAME_MAX_LENGTH } from "../fields/field-limits";
import { PASSKEY_SIGN_IN_LIMIT } from "./limits";
import { FRESH_SIGN_IN_SECONDS } from "./plugin";

/**
 * Better Auth's passkey endpoints, as the front door serves them, with the bodies its client
 * (`passkeyClient`) sends.
 * The WebAuthn answers are checked by the plugin (@simplewebauthn/server); here only their shape
 * and size, so that nothing it cannot store (a NUL, a lone surrogate) reaches the database.
 */

/** WebAuthn's binary fields travel as base64url (credential ids, client data, signatures). */
const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, "Must be base64url");
const credentialId = base64url.min(1).max(1366);

/** A browser's `PublicKeyCredential.toJSON()`, less the extension results its client drops. */
const credential = <Response extends z.ZodRawShape>(response: Response) =>
  z.strictObject({
    id: credentialId,
    rawId: credentialId,
    type: z.literal("public-key"),
    response: z.looseObject(response),
    authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
    clientExtensionResults: z.record(z.string(), z.unknown()).optional(),
  });

const transport = z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

const registrationResponse = credential({
  clientDataJSON: base64url,
  attestationObject: base64url,
  authenticatorData: base64url.optional(),
  transports: z.array(transport).max(8).optional(),
  publicKeyAlgorithm: z.number().int().optional(),
  publicKey: base64url.optional(),
});

export const authenticationResponse = credential({
  clientDataJSON: base64url,
  authenticatorData: base64url,
  signature: base64url,
  userHandle: base64url.optional(),
});

const passkeyName = requiredSingleLineText(
  { empty: "Name the passkey", tooLong: "Name is too long" },
  PASSKEY_NAME_MAX_LENGTH,
);
// The ids Better Auth gives rows: 32 letters and digits.
const passkeyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a passkey id");

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
const sessionNotFresh: EndpointAnswer = {
  description: `The sign-in is older than ${FRESH_SIGN_IN_SECONDS / 3600} hours: sign in again to add a passkey (session_not_fresh)`,
};

export const PASSKEY_ENDPOINTS: Record<string, ServedEndpoint> = {
  "/passkey/generate-register-options": {
    method: "GET",
    caller: "signed-in",
    limit: AUTH_IP_LIMIT,
    answers: {
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
    why: "settings, adding a passkey: the options and challenge (its own cookie, five minutes); needs a sign-in of the last 24 hours, else 403 session_not_fresh",
  },
  "/passkey/verify-registration": {
    method: "POST",
    caller: "signed-in",
    // No `createSession`: adding a passkey never signs in (./rules.ts refuses it on every path).
    body: z.strictObject({ response: registrationResponse, name: passkeyName.optional() }),
    limit: AUTH_IP_LIMIT,
    answers: {
      200: ok("The passkey added; no sign-in, no new tokens", passkey),
      403: sessionNotFresh,
    },
    why: "settings, adding a passkey: stores the new credential of the signed-in account (a sign-in of the last 24 hours); never signs in",
  },
  "/passkey/generate-authenticate-options": {
    method: "GET",
    caller: "anyone",
    limit: SIGN_IN_IP_LIMIT,
    answers: {
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
    why: 'the login page\'s "Sign in with a passkey": the challenge (its own cookie, five minutes)',
  },
  "/passkey/verify-authentication": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({ response: authenticationResponse }),
    // "Keep me signed in" unchecked (./rules.ts): the plugin's client owns the body.
    query: z.strictObject({ rememberMe: z.enum(["true", "false"]).optional() }),
    limit: PASSKEY_SIGN_IN_LIMIT,
    answers: {
      200: ok(
        "Signed in (our token pair in the cookies)",
        signedInSession.extend({ user: betterAuthUser }),
      ),
    },
    // A passkey sign-in answers `{ session, user }`, the session with its token.
    withoutSessionToken: ({ session, ...rest }) => ({
      ...rest,
      session: isPlainObject(session) ? withoutToken(session) : session,
    }),
    why: "signs in with a passkey (both factors: no code step); our token pair and nothing else; every failure the same 401",
  },
  "/passkey/list-user-passkeys": {
    method: "GET",
    caller: "signed-in",
    limit: AUTH_IP_LIMIT,
    answers: { 200: ok("The account's passkeys", z.array(passkey)) },
    why: "settings: the signed-in account's passkeys (public keys only)",
  },
  "/passkey/update-passkey": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ id: passkeyId, name: passkeyName }),
    limit: AUTH_IP_LIMIT,
    answers: { 200: ok("Renamed", z.strictObject({ passkey })) },
    why: "settings: renames one of the account's passkeys",
  },
  "/passkey/delete-passkey": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ id: passkeyId }),
    limit: AUTH_IP_LIMIT,
    answers: { 200: ok("Removed", z.strictObject({ status: z.literal(true) })) },
    why: "settings: removes one of the account's passkeys",
  },
};
