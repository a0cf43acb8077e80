import { accessTokenFrom } from "@/lib/auth/guard";
import { normalizeEmail } from "@/lib/auth/normalize-email";
import { verifyAccessToken } from "@/lib/auth/tokens";
import { clientIp } from "@/lib/http/client-ip";
import { errorResponse, HttpError } from "@/lib/http/errors";
import { enforceRateLimit } from "./index";

/**
 * The limits in front of every endpoint that hashes a password, ours (/api/auth/login,
 * /register) and Better Auth's (/api/auth/sign-in/email, /sign-up/email) alike: both paths
 * to the same bcrypt work share the same counters.
 */

/** Per client IP first, so one client rotating emails cannot fill every account's counter. */
export async function enforceLoginRateLimits(request: Request, email: string): Promise<void> {
  await enforceRateLimit("login-ip", clientIp(request));
  await enforcePasswordGuessRateLimit(email);
}

/**
 * Any check of an account's password is a guess at it, signed in or not (account deletion asks
 * for the password again): all of them share the account's sign-in counter, so a stolen access
 * token does not open a second, unlimited way to try passwords.
 */
export async function enforcePasswordGuessRateLimit(email: string): Promise<void> {
  await enforceRateLimit("login-account", normalizeEmail(email));
}

export async function enforceRegisterRateLimit(request: Request): Promise<void> {
  await enforceRateLimit("register-ip", clientIp(request));
}

// Per IP, never per account: a locked-out account can always ask for a reset.
export async function enforceForgotPasswordRateLimit(request: Request): Promise<void> {
  await enforceRateLimit("forgot-password-ip", clientIp(request));
}

export async function enforceResetPasswordRateLimit(request: Request): Promise<void> {
  await enforceRateLimit("reset-password-ip", clientIp(request));
}

// Better Auth's own HTTP endpoints that hash a password or send mail, by endpoint path. (Its
// POST /reset-password is shadowed by ours, app/api/auth/reset-password.) Changing a password
// checks the current one: a guess at it like a sign-in, counted against the signed-in account.
const BETTER_AUTH_LIMITS: Record<string, (request: Request, body: unknown) => Promise<void>> = {
  "/sign-in/email": (request, body) => enforceLoginRateLimits(request, emailIn(body)),
  "/change-password": async (request) =>
    enforceLoginRateLimits(request, await signedInEmail(request)),
  "/sign-up/email": (request) => enforceRegisterRateLimit(request),
  "/request-password-reset": (request) => enforceForgotPasswordRateLimit(request),
};

/** Better Auth's built-in limiter (IP + path only) stays on for every other endpoint. */
export const BETTER_AUTH_ENDPOINTS_WE_LIMIT = Object.keys(BETTER_AUTH_LIMITS);

/**
 * For Better Auth's `hooks.before`, on HTTP requests: the hook runs before Better Auth
 * validates the body or hashes anything, and is chosen by endpoint, not URL (Better Auth's
 * router answers 404 to `//` and trailing-slash variants, so none reaches an endpoint
 * unlimited). A 429 comes back as a Response in our error shape.
 */
export async function betterAuthRateLimitResponse(
  endpointPath: string,
  request: Request,
  body: unknown,
): Promise<Response | undefined> {
  try {
    await BETTER_AUTH_LIMITS[endpointPath]?.(request, body);
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error);
    throw error;
  }
}

// Without a valid access token Better Auth refuses the change anyway; the IP is still counted.
async function signedInEmail(request: Request): Promise<string> {
  const token = accessTokenFrom(request.headers);
  return (token && (await verifyAccessToken(token))?.email) || "";
}

// Before validation the body may be anything; a missing email still counts against the IP.
function emailIn(body: unknown): string {
  const email = (body as { email?: unknown } | null | undefined)?.email;
  return typeof email === "string" ? email : "";
}
