import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { account, user } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { verifyPassword } from "./password";

/**
 * Deleting an account asks for its password again: a stolen access token, or a laptop left
 * open, must not be enough to destroy it. The user row's foreign keys cascade to its sessions
 * (and so its refresh tokens), accounts, tasks and security events.
 */
export const deleteAccountSchema = z.strictObject({
  password: z.string().min(1, "Enter your password").max(1024, "Password is too long"),
});

export async function deleteAccount(userId: string, password: string): Promise<void> {
  const db = getDb();
  const [credential] = await db
    .select({ hash: account.password })
    .from(account)
    .where(and(eq(account.userId, userId), eq(account.providerId, "credential")));
  if (!credential?.hash || !(await verifyPassword(password, credential.hash))) {
    throw new HttpError(400, "invalid_password", "Incorrect password", {
      fields: { password: ["Incorrect password"] },
    });
  }
  await db.delete(user).where(eq(user.id, userId));
}
