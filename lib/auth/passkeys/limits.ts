import type { AuthLimit } from "../contract/endpoint";
import { enforcePasswordCheckRateLimits, SIGN_IN_IP_LIMIT } from "../core/auth-limits";
import { ownerOfCredential } from "./credential-owner";

/**
 * A passkey sign-in counts as every other sign-in does: per client IP (`login-ip`), then against
 * the account's sign-in counter (`login-account`, or `login-device` from a browser the account
 * used before), the account being the one the presented credential belongs to. A credential id
 * that belongs to nobody has no account to count against: the IP's counter alone.
 */
export const PASSKEY_SIGN_IN_LIMIT: AuthLimit = {
  names: ["login-ip", "login-account"],
  async enforce(input) {
    const presented = (input.body.response as { id?: unknown } | undefined)?.id;
    const owner = typeof presented === "string" ? await ownerOfCredential(presented) : undefined;
    if (owner) await enforcePasswordCheckRateLimits(input.request, owner.email);
    else await SIGN_IN_IP_LIMIT.enforce(input);
  },
};
