import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { account } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { verifyPassword } from "./password";

/**
 * Actions that could take an account over or destroy it (deleting it, changing its email) ask
 * for its password again: a stolen access token, or a laptop left open, must not be enough.
 * Callers count the attempt as a sign-in first (enforcePasswordCheckRateLimits).
 */
export async function assertCurrentPassword(userId: string, password: string): Promise<void> {
  const [credential] = await getDb()
    .select({ hash: account.password })
    .from(account)
    .where(and(eq(account.userId, userId), eq(account.providerId, "credential")));
  if (!credential?.hash || !(await verifyPassword(password, credential.hash))) {
    throw new HttpError(400, "invalid_password", "Incorrect password", {
      fields: { password: ["Incorrect password"] },
    });
  }
}
