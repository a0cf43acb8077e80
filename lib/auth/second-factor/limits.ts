import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimit } from "@/lib/rate-limit";
import type { LimitInput } from "../front-door/surface";
import { challengedAccount } from "./challenge";

/**
 * A second factor's code is a guess like a password: per client IP (`login-ip`, shared with
 * sign-in), then per account (`second-factor-account`), the signed-in one or the one the
 * sign-in's challenge names. Keyed on the account, not the challenge: a new challenge costs only
 * the password the attacker already has. Better Auth adds its own five attempts per challenge
 * and a 15-minute lock after ten failures in a row.
 */
export async function enforceSecondFactorRateLimits({
  request,
  accountId,
}: LimitInput): Promise<void> {
  await enforceRateLimit("login-ip", clientIp(request));
  const account = accountId ?? (await challengedAccount(request));
  if (account) await enforceRateLimit("second-factor-account", account);
}
