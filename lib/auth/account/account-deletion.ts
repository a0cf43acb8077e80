import { eq } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { oauthClient, user } from "@/lib/db/schema";
import { forgetAccountLinks } from "./fresh-start";

/**
 * Deletes an account, in `tx`, in the one lock order every deletion of an account takes (its
 * owner's in Settings, an admin's): the apps it registered (Settings → Developer apps), FOR
 * UPDATE in id order; then its own row, by `lockAccount`, which may refuse by throwing; then its
 * unredeemed codes and links (`forgetAccountLinks`); then the row itself, whose trigger locks its
 * shared workspaces and whose foreign keys cascade to everything else it owns, its apps' codes
 * and grants included. A code's issue or redemption takes the app, the account, the workspace
 * and only then the code (`lockGrantParents`, lib/auth/oauth/grants.ts): in the same order,
 * whichever comes second waits for the other to finish. Otherwise an app of the account's own,
 * redeeming its code, would hold the app while waiting for the code the deletion holds, and the
 * deletion reach the app by cascade; and any app redeeming one of its codes would hold the code
 * while waiting for the account's row the deletion holds, and the deletion reach the code: each a
 * deadlock PostgreSQL breaks by aborting one of them (40P01, a 500).
 */
export async function deleteAccountInLockOrder<Locked>(
  tx: Database,
  userId: string,
  lockAccount: () => Promise<Locked>,
): Promise<Locked> {
  await tx
    .select({ id: oauthClient.id })
    .from(oauthClient)
    .where(eq(oauthClient.ownerId, userId))
    .orderBy(oauthClient.id)
    .for("update");
  const locked = await lockAccount();
  await forgetAccountLinks(tx, userId);
  await tx.delete(user).where(eq(user.id, userId));
  return locked;
}
