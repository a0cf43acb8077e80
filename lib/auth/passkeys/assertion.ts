import { base64 } from "@better-auth/utils/base64";
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  verifyAuthenticationResponse,
} from "@simplewebauthn/server";
import type { AuthContext } from "better-auth";
import { parseCookies } from "better-auth/cookies";
import { constantTimeEqual, makeSignature } from "better-auth/crypto";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { passkey } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { conflictingCookies } from "../tokens/cookies";
import { relyingParty } from "./plugin";

/**
 * The plugin's challenge cookie (its `webAuthnChallengeCookie`), before Better Auth's prefix.
 * Its value names the `verification` row that holds the challenge.
 */
const CHALLENGE_COOKIE = "better-auth-passkey";

/**
 * Whether `response` is a fresh passkey answer of the account's: one of its own passkeys signed,
 * with the user verified (PIN or biometric), the challenge of the signed challenge cookie in
 * `headers` (from `/passkey/generate-authenticate-options`, five minutes). The challenge is
 * consumed first, whatever the outcome, so an answer counts once: a replay finds no challenge.
 * The check is the one the plugin's sign-in runs (@simplewebauthn/server's
 * `verifyAuthenticationResponse`, the same relying party and pinned origin), but it signs nobody
 * in: it is a step-up of a session that already exists, as a current app code is.
 */
export async function isPasskeyAssertion(
  context: Pick<AuthContext, "internalAdapter" | "secret" | "createAuthCookie">,
  headers: Headers,
  userId: string,
  response: AuthenticationResponseJSON,
): Promise<boolean> {
  const token = await signedCookie(context, headers);
  const challenge = token && (await context.internalAdapter.consumeVerificationValue(token));
  if (!challenge) return false;
  const { type, expectedChallenge } = JSON.parse(challenge.value) as Record<string, unknown>;
  if (type !== "authentication" || typeof expectedChallenge !== "string") return false;
  const [stored] = await getDb()
    .select()
    .from(passkey)
    .where(and(eq(passkey.credentialID, response.id), eq(passkey.userId, userId)));
  if (!stored) return false;
  const { rpID, origin } = relyingParty(getEnv());
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: stored.credentialID,
        publicKey: base64.decode(stored.publicKey),
        counter: stored.counter,
        transports: stored.transports?.split(",") as AuthenticatorTransportFuture[] | undefined,
      },
      requireUserVerification: true,
    });
    if (!verified) return false;
    await getDb()
      .update(passkey)
      .set({ counter: authenticationInfo.newCounter })
      .where(eq(passkey.id, stored.id));
    return true;
  } catch {
    return false; // a forged, foreign or malformed answer: the same refusal as a wrong code
  }
}

/**
 * The challenge cookie's value if its signature is Better Auth's (as `getSignedCookie` reads),
 * and it is the only one: of two, which the check read would be a guess (the front door refuses
 * them on Better Auth's paths; our own routes reach here without it).
 */
async function signedCookie(
  context: Pick<AuthContext, "secret" | "createAuthCookie">,
  headers: Headers,
): Promise<string | null> {
  const { name } = context.createAuthCookie(CHALLENGE_COOKIE);
  const header = headers.get("cookie");
  if (conflictingCookies(header).includes(name)) return null;
  const signed = parseCookies(header ?? "").get(name);
  const dot = signed?.lastIndexOf(".") ?? -1;
  if (!signed || dot < 1) return null;
  const value = signed.slice(0, dot);
  const expected = await makeSignature(value, context.secret);
  return constantTimeEqual(signed.slice(dot + 1), expected) ? value : null;
}
