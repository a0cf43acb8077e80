import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { user } from "@/lib/db/schema";
import { assertCurrentPassword } from "../passwords/current-password";

/**
 * Deleting an account asks for its password again: a stolen access token, or a laptop left
 * open, must not be enough to destroy it. The user row's foreign keys cascade to its sessions
 * (and so its refresh tokens), accounts, passkeys, tasks and security events.
 */
export const deleteAccountSchema = z.strictObject({
  password: z.string().min(1, "Enter your password").max(1024, "Password is too long"),
});

export async function deleteAccount(userId: string, password: string): Promise<void> {
  await assertCurrentPassword(userId, password);
  await getDb().delete(user).where(eq(user.id, userId));
}
