import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { AuthContext } from "better-auth";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { passkey, user } from "@/lib/db/schema";
import { isPasskeyAssertion } from "../passkeys/assertion";
import { authenticationResponse } from "../passkeys/surface";
import { isAuthenticatorCode } from "./authenticator-code";

/** A second factor's code: six digits from the app, or a backup code (`abcde-12345`). */
export const secondFactorCode = z.string().trim().min(1).max(32);

/**
 * What proves a second factor at the moment of a change: a current code from the app, or a
 * passkey's answer to a challenge from `/passkey/generate-authenticate-options` (its cookie
 * comes with the request). Fields of the bodies that change second factors.
 */
export const currentSecondFactor = {
  code: secondFactorCode.optional(),
  passkey: authenticationResponse.optional(),
};

export type CurrentSecondFactor = {
  code?: string;
  passkey?: z.infer<typeof authenticationResponse>;
};

/**
 * Whether the request proves one of the account's second factors now. A backup code does not
 * count: it is for signing in without the app, not for changing what protects the account.
 */
export async function hasCurrentSecondFactor(
  context: Pick<AuthContext, "internalAdapter" | "secret" | "secretConfig" | "createAuthCookie">,
  headers: Headers,
  userId: string,
  { code, passkey }: CurrentSecondFactor,
): Promise<boolean> {
  if (passkey) {
    const answer = passkey as AuthenticationResponseJSON;
    if (await isPasskeyAssertion(context, headers, userId, answer)) return true;
  }
  return typeof code === "string" && isAuthenticatorCode(context, userId, code);
}

/** The second factors the account has: an authenticator app, a passkey. */
export async function secondFactorsOf(userId: string) {
  const [row] = await getDb()
    .select({
      app: user.twoFactorEnabled,
      passkey: sql<boolean>`exists (select 1 from ${passkey} where ${passkey.userId} = ${userId})`,
    })
    .from(user)
    .where(eq(user.id, userId));
  return { app: row?.app === true, passkey: row?.passkey === true };
}
