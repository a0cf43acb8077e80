import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { user } from "@/lib/db/schema";
import { assertCurrentPassword } from "../passwords/current-password";
import { mailSecurityNotice, type NoticeRecipient } from "./security-notice";

/**
 * Deleting an account asks for its password again: a stolen access token, or a laptop left
 * open, must not be enough to destroy it. The user row's foreign keys cascade to its sessions
 * (and so its refresh tokens), accounts, passkeys, tasks and security events.
 */
export const deleteAccountSchema = z.strictObject({
  password: z.string().min(1, "Enter your password").max(1024, "Password is too long"),
});

type Account = NoticeRecipient & { id: string };

export async function deleteAccount(
  account: Account,
  password: string,
  headers: Headers,
): Promise<void> {
  await assertCurrentPassword(account.id, password);
  await getDb().delete(user).where(eq(user.id, account.id));
  noticeAccountDeleted(account, headers);
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
