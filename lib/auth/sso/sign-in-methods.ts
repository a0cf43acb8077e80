import { asc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { account } from "@/lib/db/schema";
import { PASSWORD_ACCOUNT } from "./connected-accounts";

/** How an account can sign in, for settings' "Connected accounts" and "Password" sections. */
export async function signInMethodsOf(userId: string) {
  const rows = await getDb()
    .select({ id: account.id, providerId: account.providerId, createdAt: account.createdAt })
    .from(account)
    .where(eq(account.userId, userId))
    .orderBy(asc(account.createdAt));
  return {
    hasPassword: rows.some((row) => row.providerId === PASSWORD_ACCOUNT),
    connected: rows.filter((row) => row.providerId !== PASSWORD_ACCOUNT),
  };
}

export type SignInMethods = Awaited<ReturnType<typeof signInMethodsOf>>;
