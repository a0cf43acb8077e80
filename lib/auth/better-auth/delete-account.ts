import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { user } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { deleteAccountInLockOrder } from "../account/account-deletion";
import { mailSecurityNotice, type NoticeRecipient } from "../account/security-notice";
import { assertCurrentPassword } from "../passwords/current-password";
import {
  currentSecondFactor,
  hasCurrentSecondFactor,
  secondFactorsOf,
} from "../second-factor/current-factor";
import { enforceCodeCheckRateLimit } from "../second-factor/limits";
import { FAILED_CODE_MESSAGE } from "../second-factor/rules";
import { getAuth } from "./auth";

/**
 * Deleting an account asks for its password again: a stolen access token, or a laptop left
 * open, must not be enough to destroy it. An account with a second factor (an authenticator app
 * or a passkey) asks for one as well, a current app code or a passkey's answer: only a second
 * factor undoes what a second factor protects. The user row's foreign
 * keys cascade to its sessions (and so its refresh tokens), accounts, passkeys, tasks and
 * security events; its `verification` rows (links, trusted browsers) have no foreign key and are
 * deleted with it.
 */
export const deleteAccountSchema = z.strictObject({
  password: z.string().min(1, "Enter your password").max(1024, "Password is too long"),
  ...currentSecondFactor,
});

type Account = NoticeRecipient & { id: string };

export async function deleteAccount(
  account: Account,
  { password, ...presented }: z.infer<typeof deleteAccountSchema>,
  headers: Headers,
): Promise<void> {
  await assertCurrentPassword(account.id, password);
  await assertSecondFactor(account.id, presented, headers);
  await getDb().transaction((tx) =>
    deleteAccountInLockOrder(tx, account.id, async () => {
      await tx.select({ id: user.id }).from(user).where(eq(user.id, account.id)).for("update");
    }),
  );
  noticeAccountDeleted(account, headers);
}

async function assertSecondFactor(
  userId: string,
  presented: Parameters<typeof hasCurrentSecondFactor>[3],
  headers: Headers,
) {
  const factors = await secondFactorsOf(userId);
  if (!factors.app && !factors.passkey) return;
  if (presented.code !== undefined) await enforceCodeCheckRateLimit(userId);
  const context = await getAuth().$context;
  if (await hasCurrentSecondFactor(context, headers, userId, presented)) return;
  throw new HttpError(401, "invalid_code", FAILED_CODE_MESSAGE, {
    fields: { code: [FAILED_CODE_MESSAGE] },
  });
}

/** Told to the address it had: the account, and every event of it, is gone. */
export function noticeAccountDeleted(account: NoticeRecipient, headers: Headers | undefined) {
  mailSecurityNotice(
    account,
    {
      kind: "account_deleted",
      subject: "Your Taskflow account was deleted",
      summary:
        "Your Taskflow account was deleted, with its tasks and sessions. This address can be " +
        "used to create a new account.",
      advice:
        "If this was not you, someone who knew your password deleted it: use that password " +
        "nowhere else, and contact this Taskflow site's administrator.",
    },
    headers,
  );
}
