import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";

/**
 * REQUIRE_ADMIN_2FA=true: an admin account without a second factor may do nothing an admin can
 * do until it sets one up. A second factor is a confirmed authenticator app or a passkey (which
 * is both factors at once). Checked on every admin request from the guard's own row (both are
 * read in the same query as the role), so removing the last factor takes effect at once.
 */
export function lacksRequiredSecondFactor(user: {
  role: string;
  twoFactorEnabled: boolean;
  hasPasskey: boolean;
}) {
  return (
    getEnv().REQUIRE_ADMIN_2FA &&
    user.role === "admin" &&
    !user.twoFactorEnabled &&
    !user.hasPasskey
  );
}

export const secondFactorRequired = () =>
  new HttpError(
    403,
    "second_factor_required",
    "Set up two-factor authentication or a passkey in Settings to use the admin area",
  );
