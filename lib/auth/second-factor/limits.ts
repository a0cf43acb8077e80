import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimit } from "@/lib/rate-limit";
import type { AuthLimit } from "../contract/endpoint";
import { PASSWORD_CHECK_LIMIT } from "../core/auth-limits";
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

/**
 * A current app code asked for a change (turning the second factor off, new backup codes,
 * deleting the account): a guess at the same code as at sign-in, so it spends the same
 * per-account count. Otherwise each of these would be one more way to try codes, each with a
 * budget of its own and none of Better Auth's lock.
 */
export async function enforceCodeCheckRateLimit(userId: string): Promise<void> {
  await enforceRateLimit("second-factor-account", userId);
}

/** A change of second factor: the password, counted as a sign-in, and a code, counted as one. */
export const SECOND_FACTOR_CHANGE_LIMIT: AuthLimit = {
  names: ["login-ip", "login-account", "second-factor-account"],
  async enforce(input) {
    await PASSWORD_CHECK_LIMIT.enforce(input);
    if (input.accountId && input.body.code !== undefined) {
      await enforceCodeCheckRateLimit(input.accountId);
    }
  },
};
