import { z } from "zod";
import { requiredSingleLineText } from "@/lib/validation/text";
import { PASSKEY_NAME_MAX_LENGTH } from "../better-auth/field-limits";
import { enforceAuthIpRateLimit } from "../core/auth-limits";
import type { LimitInput, ServedEndpoint } from "../front-door/surface";
import { enforcePasskeyChallengeRateLimit, enforcePasskeySignInRateLimits } from "./limits";

/**
 * Better Auth's passkey endpoints, as the front door serves them (lib/auth/front-door/surface.ts
 * spreads this table into SERVED_ENDPOINTS), with the bodies its client (`passkeyClient`) sends.
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

const perIp = ({ request }: LimitInput) => enforceAuthIpRateLimit(request);

export const PASSKEY_ENDPOINTS: Record<string, ServedEndpoint> = {
  "/passkey/generate-register-options": {
    method: "GET",
    caller: "signed-in",
    limit: "auth-ip",
    enforceLimit: perIp,
    why: "settings, adding a passkey: the options and challenge (its own cookie, five minutes); needs a sign-in of the last 24 hours, else 403 session_not_fresh",
  },
  "/passkey/verify-registration": {
    method: "POST",
    caller: "signed-in",
    // No `createSession`: adding a passkey never signs in (./rules.ts refuses it on every path).
    body: z.strictObject({ response: registrationResponse, name: passkeyName.optional() }),
    limit: "auth-ip",
    enforceLimit: perIp,
    why: "settings, adding a passkey: stores the new credential of the signed-in account (a sign-in of the last 24 hours); never signs in",
  },
  "/passkey/generate-authenticate-options": {
    method: "GET",
    caller: "anyone",
    limit: "login-ip",
    enforceLimit: enforcePasskeyChallengeRateLimit,
    why: 'the login page\'s "Sign in with a passkey": the challenge (its own cookie, five minutes)',
  },
  "/passkey/verify-authentication": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({ response: authenticationResponse }),
    // "Keep me signed in" unchecked (./rules.ts): the plugin's client owns the body.
    query: z.strictObject({ rememberMe: z.enum(["true", "false"]).optional() }),
    limit: "login-ip, login-account",
    enforceLimit: enforcePasskeySignInRateLimits,
    why: "signs in with a passkey (both factors: no code step); our token pair and nothing else; every failure the same 401",
  },
  "/passkey/list-user-passkeys": {
    method: "GET",
    caller: "signed-in",
    limit: "auth-ip",
    enforceLimit: perIp,
    why: "settings: the signed-in account's passkeys (public keys only)",
  },
  "/passkey/update-passkey": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ id: passkeyId, name: passkeyName }),
    limit: "auth-ip",
    enforceLimit: perIp,
    why: "settings: renames one of the account's passkeys",
  },
  "/passkey/delete-passkey": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ id: passkeyId }),
    limit: "auth-ip",
    enforceLimit: perIp,
    why: "settings: removes one of the account's passkeys",
  },
};
