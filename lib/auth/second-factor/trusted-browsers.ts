import { and, eq, like } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { verification } from "@/lib/db/schema";

/**
 * "Trust this browser for 30 days" is Better Auth's trust-device cookie: an HMAC of the user id
 * and a random identifier, valid while `verification` holds `trust-device-<identifier>` → that
 * user id. The HMAC binds it to the account; deleting the account's rows revokes every trusted
 * browser at once, which we do whenever the account's other sign-ins are ended (the second factor
 * enabled or disabled, "sign out everywhere else", a password reset).
 */
const TRUSTED_BROWSER_PREFIX = "trust-device-";

export async function forgetTrustedBrowsers(userId: string): Promise<void> {
  await getDb()
    .delete(verification)
    .where(
      and(
        eq(verification.value, userId),
        like(verification.identifier, `${TRUSTED_BROWSER_PREFIX}%`),
      ),
    );
}
