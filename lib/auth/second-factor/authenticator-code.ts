import { createOTP } from "@better-auth/utils/otp";
import type { AuthContext } from "better-auth";
import { symmetricDecrypt } from "better-auth/crypto";

/**
 * Whether `code` is the current code of the account's confirmed authenticator app, checked the
 * way Better Auth's own verify-totp checks it (the same library, secret store and window).
 */
export async function isAuthenticatorCode(
  context: AuthContext,
  userId: string,
  code: string,
): Promise<boolean> {
  const row = await context.adapter.findOne<{ secret: string; verified: boolean | null }>({
    model: "twoFactor",
    where: [{ field: "userId", value: userId }],
  });
  if (!row || row.verified === false) return false;
  const secret = await symmetricDecrypt({ key: context.secretConfig, data: row.secret });
  return createOTP(secret).verify(code);
}
