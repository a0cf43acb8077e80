import { createOTP } from "@better-auth/utils/otp";
import type { AuthContext } from "better-auth";
import { symmetricDecrypt } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { twoFactor } from "@/lib/db/schema";

/**
 * Whether `code` is the current code of the account's confirmed authenticator app, checked the
 * way Better Auth's own verify-totp checks it (the same library, secret store and window).
 */
export async function isAuthenticatorCode(
  context: Pick<AuthContext, "secretConfig">,
  userId: string,
  code: string,
): Promise<boolean> {
  const [row] = await getDb()
    .select({ secret: twoFactor.secret, verified: twoFactor.verified })
    .from(twoFactor)
    .where(eq(twoFactor.userId, userId));
  if (!row || row.verified === false) return false;
  const secret = await symmetricDecrypt({ key: context.secretConfig, data: row.secret });
  return createOTP(secret).verify(code);
}
