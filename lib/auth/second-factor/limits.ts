import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimit } from "@/lib/rate-limit";
import type { AuthLimit } from "../contract/endpoint";
import { challengedAccount } from "./challenge";

/**
 * A second factor's code is a guess like a password: per client IP (`login-ip`, shared with
 * sign-in), then per account (`second-factor-account`). Keyed on the account, not the challenge:
 * a new challenge costs only the password the attacker already has. The account is the one the
 * sign-in's challenge names and, when the request also carries an access token, the signed-in one:
 * Better Auth checks the code against the signed-in session's account while that session lives,
 * and against the challenge's once it has ended, which the token alone cannot tell; counting only
 * the token's account would let a token of one's own carry guesses at someone else's challenge.
 * Better Auth adds its own five attempts per challenge and a 15-minute lock after ten failures in
 * a row.
 */
export const SECOND_FACTOR_LIMIT: AuthLimit = {
  names: ["login-ip", "second-factor-account"],
  async enforce({ request, accountId }) {
    await enforceRateLimit("login-ip", clientIp(request));
    const challenged = await challengedAccount(request);
    for (const account of new Set([challenged, accountId])) {
      if (account) await enforceRateLimit("second-factor-account", account);
    }
  },
};
