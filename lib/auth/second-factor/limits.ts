import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimit } from "@/lib/rate-limit";
import type { AuthLimit } from "../contract/endpoint";
import { challengedAccount } from "./challenge";

/**
 * A second factor's code is a guess like a password: per client IP (`login-ip`, shared with
 * sign-in), then per account (`second-factor-account`), the signed-in one or the one the
 * sign-in's challenge names. Keyed on the account, not the challenge: a new challenge costs only
 * the password the attacker already has. Better Auth adds its own five attempts per challenge
 * and a 15-minute lock after ten failures in a row.
 */
export const SECOND_FACTOR_LIMIT: AuthLimit = {
  names: ["login-ip", "second-factor-account"],
  async enforce({ request, accountId }) {
    await enforceRateLimit("login-ip", clientIp(request));
    const account = accountId ?? (await challengedAccount(request));
    if (account) await enforceRateLimit("second-factor-account", account);
  },
};
