import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { passkey, user } from "@/lib/db/schema";

/** The account a presented credential id belongs to, if any: for limits and sign-in rules. */
export async function ownerOfCredential(credentialId: string) {
  const [row] = await getDb()
    .select({ email: user.email, emailVerified: user.emailVerified })
    .from(passkey)
    .innerJoin(user, eq(user.id, passkey.userId))
    .where(eq(passkey.credentialID, credentialId));
  return row;
}
