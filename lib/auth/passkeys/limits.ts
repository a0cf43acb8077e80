import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimit } from "@/lib/rate-limit/index";
import { enforcePasswordCheckRateLimits } from "../core/auth-limits";
import type { LimitInput } from "../front-door/surface";
import { ownerOfCredential } from "./credential-owner";

/** A passkey sign-in's start (its challenge) counts against the client's sign-in budget. */
export async function enforcePasskeyChallengeRateLimit({ request }: LimitInput): Promise<void> {
  await enforceRateLimit("login-ip", clientIp(request));
}

/**
 * A passkey sign-in counts as every other sign-in does: per client IP (`login-ip`), then against
 * the account's sign-in counter (`login-account`, or `login-device` from a browser the account
 * used before), the account being the one the presented credential belongs to. A credential id
 * that belongs to nobody has no account to count against: the IP's counter alone.
 */
export async function enforcePasskeySignInRateLimits({ request, body }: LimitInput): Promise<void> {
  const presented = (body.response as { id?: unknown } | undefined)?.id;
  const owner = typeof presented === "string" ? await ownerOfCredential(presented) : undefined;
  if (owner) await enforcePasswordCheckRateLimits(request, owner.email);
  else await enforcePasskeyChallengeRateLimit({ request, body });
}
