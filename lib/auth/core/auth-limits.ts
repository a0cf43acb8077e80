import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimit, resetRateLimit } from "@/lib/rate-limit/index";
import type { RateLimitName } from "@/lib/rate-limit/rules";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import type { AuthLimit } from "../contract/endpoint";
import { trustedDevice } from "./device-cookie";

/**
 * The limits in front of every auth endpoint, ours (/api/auth/login, /register) and Better
 * Auth's (through the front door, lib/auth/front-door/surface.ts) alike: both paths to the same
 * bcrypt work share the same counters.
 */

/**
 * Any check of an account's password is a guess at it, signed in or not (sign-in, a password
 * change, account deletion): all of them count per client IP first, so one client rotating
 * emails cannot fill every account's counter, and then against the account's sign-in counter,
 * so a stolen access token does not open a second, unlimited way to try passwords. A browser
 * that signed in to the account before (its device cookie, ./device-cookie.ts) counts in
 * a bucket of its own instead, so guesses from elsewhere cannot lock the owner out.
 */
export async function enforcePasswordCheckRateLimits(
  request: Request,
  email: string,
): Promise<void> {
  await enforceRateLimit("login-ip", clientIp(request));
  const account = normalizeEmail(email);
  const device = await trustedDevice(request, account);
  if (device) await enforceRateLimit("login-device", `${account}\n${device}`);
  else await enforceRateLimit("login-account", account);
}

/** A proven owner (a password reset) starts with a clean sign-in counter. */
export async function forgetPasswordGuesses(email: string): Promise<void> {
  await resetRateLimit("login-account", normalizeEmail(email));
}

/** A limit counted per client IP alone, against one row of the table. */
export function ipLimit(name: RateLimitName): AuthLimit {
  return {
    names: [name],
    enforce: async ({ request }) => {
      await enforceRateLimit(name, clientIp(request));
    },
  };
}

/**
 * A sign-in: counted against the account the body names, the one whose password is checked. Never
 * against the caller's own: an access token of another account (anyone can have one, and a device
 * cookie of it) must not move guesses at this account into that account's counters.
 */
export const SIGN_IN_LIMIT: AuthLimit = {
  names: ["login-ip", "login-account"],
  enforce: ({ request, body }) => enforcePasswordCheckRateLimits(request, String(body.email ?? "")),
};

/** A check of the signed-in account's own password (a change, a second factor's settings). */
export const PASSWORD_CHECK_LIMIT: AuthLimit = {
  names: ["login-ip", "login-account"],
  enforce: ({ request, accountEmail }) => {
    // The front door answers 401 before the limit to a signed-in endpoint without a token.
    if (accountEmail === undefined) throw new Error("A password check needs a signed-in account");
    return enforcePasswordCheckRateLimits(request, accountEmail);
  },
};

export const REGISTER_LIMIT = ipLimit("register-ip");
// Per IP, never per account: a locked-out account can always ask for a reset.
export const FORGOT_PASSWORD_LIMIT = ipLimit("forgot-password-ip");
// Per IP: the mails themselves are capped per address (lib/email/mail-cap.ts).
export const VERIFICATION_EMAIL_LIMIT = ipLimit("verification-email-ip");
export const RESET_PASSWORD_LIMIT = ipLimit("reset-password-ip");
/** Auth endpoints that check no password and send no mail (sign-out, get-session, ...). */
export const AUTH_IP_LIMIT = ipLimit("auth-ip");
/**
 * A sign-in that guesses no password (a provider's callback, a passkey's challenge) counts
 * against the client's sign-in budget, as password sign-ins do, and against no account.
 */
export const SIGN_IN_IP_LIMIT = ipLimit("login-ip");

/** For our own routes, which count before they parse an account: the same rows. */
const byRequest = (limit: AuthLimit) => (request: Request) => limit.enforce({ request, body: {} });
export const enforceRegisterRateLimit = byRequest(REGISTER_LIMIT);
export const enforceForgotPasswordRateLimit = byRequest(FORGOT_PASSWORD_LIMIT);
export const enforceResetPasswordRateLimit = byRequest(RESET_PASSWORD_LIMIT);
export const enforceAuthIpRateLimit = byRequest(AUTH_IP_LIMIT);
