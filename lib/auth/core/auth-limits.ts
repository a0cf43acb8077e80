import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimit, resetRateLimit } from "@/lib/rate-limit/index";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import { trustedDevice } from "../account/device-cookie";

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
  const device = trustedDevice(request, account);
  if (device) await enforceRateLimit("login-device", `${account}\n${device}`);
  else await enforceRateLimit("login-account", account);
}

/** A proven owner (a password reset) starts with a clean sign-in counter. */
export async function forgetPasswordGuesses(email: string): Promise<void> {
  await resetRateLimit("login-account", normalizeEmail(email));
}

export async function enforceRegisterRateLimit(request: Request): Promise<void> {
  await enforceRateLimit("register-ip", clientIp(request));
}

// Per IP, never per account: a locked-out account can always ask for a reset.
export async function enforceForgotPasswordRateLimit(request: Request): Promise<void> {
  await enforceRateLimit("forgot-password-ip", clientIp(request));
}

// Per IP: the mails themselves are capped per address (lib/email/mail-cap.ts).
export async function enforceVerificationEmailRateLimit(request: Request): Promise<void> {
  await enforceRateLimit("verification-email-ip", clientIp(request));
}

export async function enforceResetPasswordRateLimit(request: Request): Promise<void> {
  await enforceRateLimit("reset-password-ip", clientIp(request));
}

/** Auth endpoints that check no password and send no mail (sign-out, get-session, ...). */
export async function enforceAuthIpRateLimit(request: Request): Promise<void> {
  await enforceRateLimit("auth-ip", clientIp(request));
}

/**
 * A sign-in through a provider (GitHub, Google, OpenID Connect): its start and the callback that
 * exchanges the provider's code count against the client's sign-in budget, as password
 * sign-ins do. There is no password to guess, so no per-account counter.
 */
export async function enforceProviderSignInRateLimit(request: Request): Promise<void> {
  await enforceRateLimit("login-ip", clientIp(request));
}
