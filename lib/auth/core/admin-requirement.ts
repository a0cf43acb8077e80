import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { passkey } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";

/**
 * REQUIRE_ADMIN_2FA=true: an admin account without a second factor may do nothing an admin can
 * do until it sets one up. A second factor is a confirmed authenticator app (read with the role in
 * the guard's query) or a passkey (which is both factors at once). The passkey table is asked only
 * in that one case, never on the guard's query of every request; both are read per request, so
 * removing the last factor takes effect at once.
 */
export async function lacksRequiredSecondFactor(user: {
  id: string;
  role: string;
  twoFactorEnabled: boolean;
}): Promise<boolean> {
  if (!getEnv().REQUIRE_ADMIN_2FA || user.role !== "admin" || user.twoFactorEnabled) return false;
  const [found] = await getDb()
    .select({ id: passkey.id })
    .from(passkey)
    .where(eq(passkey.userId, user.id))
    .limit(1);
  return !found;
}

export const secondFactorRequired = () =>
  new HttpError(
    403,
    "second_factor_required",
    "Set up two-factor authentication or a passkey in Settings to use the admin area",
  );
