import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { user } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { getAuth } from "../better-auth/auth";
import { assertCurrentPassword } from "../passwords/current-password";
import { isAuthenticatorCode } from "../second-factor/authenticator-code";
import { FAILED_CODE_MESSAGE } from "../second-factor/rules";
import { forgetAccountLinks } from "./fresh-start";

/**
 * Deleting an account asks for its password again: a stolen access token, or a laptop left
 * open, must not be enough to destroy it. An account with an authenticator app asks for a current
 * code as well: only a second factor undoes what a second factor protects. The user row's foreign
 * keys cascade to its sessions (and so its refresh tokens), accounts, passkeys, tasks and
 * security events; its `verification` rows (links, trusted browsers) have no foreign key and are
 * deleted with it.
 */
export const deleteAccountSchema = z.strictObject({
  password: z.string().min(1, "Enter your password").max(1024, "Password is too long"),
  code: z.string().trim().min(1).max(32).optional(),
});

export async function deleteAccount(
  userId: string,
  { password, code }: z.infer<typeof deleteAccountSchema>,
): Promise<void> {
  await assertCurrentPassword(userId, password);
  await assertSecondFactorCode(userId, code);
  await getDb().transaction(async (tx) => {
    await forgetAccountLinks(tx, userId);
    await tx.delete(user).where(eq(user.id, userId));
  });
}

async function assertSecondFactorCode(userId: string, code: string | undefined) {
  const [row] = await getDb()
    .select({ twoFactorEnabled: user.twoFactorEnabled })
    .from(user)
    .where(eq(user.id, userId));
  if (!row?.twoFactorEnabled) return;
  if (code && (await isAuthenticatorCode(await getAuth().$context, userId, code))) return;
  throw new HttpError(401, "invalid_code", FAILED_CODE_MESSAGE, {
    fields: { code: [FAILED_CODE_MESSAGE] },
  });
}
