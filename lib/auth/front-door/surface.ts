import { z } from "zod";
import {
  displayName,
  email,
  imageUrl,
  newPassword,
  presentedEmail,
  presentedPassword,
} from "../better-auth/fields";
import {
  enforceAuthIpRateLimit,
  enforceForgotPasswordRateLimit,
  enforcePasswordCheckRateLimits,
  enforceRegisterRateLimit,
  enforceVerificationEmailRateLimit,
} from "../core/auth-limits";
import { PASSKEY_ENDPOINTS } from "../passkeys/surface";
import { PASSWORD_MESSAGES } from "../passwords/password-rules";
import { currentSecondFactor, secondFactorCode } from "../second-factor/current-factor";
import { enforceSecondFactorRateLimits } from "../second-factor/limits";
import { PROVIDER_ENDPOINTS } from "../sso/surface";

/**
 * Which of Better Auth's endpoints are served over HTTP under /api/auth, and why. Its router has
 * more (tests/integration/auth-surface.test.ts enumerates `auth.api` and fails on an endpoint
 * that is in neither table, so an upgrade cannot widen the surface unnoticed); everything not
 * served answers 404 before Better Auth sees it. docs/api.md's endpoint table repeats this.
 *
 * Every served endpoint passes the same policy (lib/auth/front-door/handler.ts): a 64 KB body
 * cap, a strict body schema with the account field rules (../fields.ts), CSRF/CORS as on every
 * route (handleRoute), and its rate limit from the one rules table, counted before Better Auth
 * hashes anything. Better Auth's own limiter is off: every served endpoint has one of ours.
 */
export type Caller = "anyone" | "signed-in";

/** What a limit needs: the request, its parsed body and the signed-in account's email and id. */
export type LimitInput = {
  request: Request;
  body: Record<string, unknown>;
  accountEmail?: string;
  accountId?: string;
};

export type ServedEndpoint = {
  method: "GET" | "POST";
  caller: Caller;
  /** The JSON body it accepts; a GET takes none. Fields Better Auth's own client sends. */
  body?: z.ZodType<Record<string, unknown>>;
  /** Where set, the only query it accepts; where not, Better Auth reads what it reads. */
  query?: z.ZodObject;
  /** The limit's row in lib/rate-limit/rules.ts, for docs/api.md. */
  limit: string;
  enforceLimit: (input: LimitInput) => Promise<void>;
  /** The body field holding a password being chosen: checked for breaches after the limit. */
  newPasswordField?: string;
  /**
   * Answered at once with this body, and Better Auth runs after the answer: for the endpoints
   * that mail someone, whose timing would otherwise tell whether the account exists.
   */
  answeredAtOnce?: Record<string, unknown>;
  why: string;
};

// Better Auth validates `callbackURL` against its trusted origins itself; here only its size.
const callbackURL = z.string().max(2048).optional();

const passwordCheck = ({ request, body, accountEmail }: LimitInput) =>
  enforcePasswordCheckRateLimits(request, accountEmail ?? String(body.email ?? ""));

const perIp = ({ request }: LimitInput) => enforceAuthIpRateLimit(request);

const passwordAndSecondFactor = z.strictObject({
  password: presentedPassword,
  ...currentSecondFactor,
});

export const SERVED_ENDPOINTS: Record<string, ServedEndpoint> = {
  "/sign-up/email": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({
      name: displayName,
      email,
      password: newPassword,
      image: imageUrl.optional(),
      callbackURL,
      rememberMe: z.boolean().optional(),
    }),
    limit: "register-ip",
    enforceLimit: ({ request }) => enforceRegisterRateLimit(request),
    newPasswordField: "password",
    why: "Better Auth's client `signUp.email`; the same account as /api/auth/register",
  },
  "/sign-in/email": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({
      email: presentedEmail,
      password: presentedPassword,
      callbackURL,
      rememberMe: z.boolean().optional(),
    }),
    limit: "login-ip, login-account",
    enforceLimit: passwordCheck,
    why: "Better Auth's client `signIn.email`; a finished sign-in gets our token pair",
  },
  "/sign-out": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({}),
    limit: "auth-ip",
    enforceLimit: perIp,
    why: "Better Auth's client `signOut`: ends the session (the refresh family) and clears our cookies",
  },
  "/get-session": {
    method: "GET",
    caller: "anyone",
    limit: "auth-ip",
    enforceLimit: perIp,
    why: "Better Auth's client `getSession`: the signed-in user (null without one); never the session token",
  },
  "/update-user": {
    method: "POST",
    caller: "signed-in",
    body: z
      .strictObject({ name: displayName.optional(), image: imageUrl.optional() })
      .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change"),
    limit: "auth-ip",
    enforceLimit: perIp,
    why: "settings: the profile name",
  },
  "/change-password": {
    method: "POST",
    caller: "signed-in",
    body: z
      .strictObject({
        currentPassword: presentedPassword,
        newPassword,
        revokeOtherSessions: z.boolean().optional(),
      })
      .refine((body) => body.newPassword !== body.currentPassword, {
        path: ["newPassword"],
        message: PASSWORD_MESSAGES.sameAsCurrent,
      }),
    limit: "login-ip, login-account",
    enforceLimit: passwordCheck,
    newPasswordField: "newPassword",
    why: "settings: the password; checking the current one is a guess at it, counted as a sign-in",
  },
  "/two-factor/enable": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ password: presentedPassword, method: z.literal("totp").optional() }),
    limit: "login-ip, login-account",
    enforceLimit: passwordCheck,
    why: "settings: a new authenticator-app secret and ten backup codes, after the current password; the app counts once a code confirms it (/two-factor/verify-totp), which ends the other sessions",
  },
  "/two-factor/verify-totp": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({ code: secondFactorCode, trustDevice: z.boolean().optional() }),
    limit: "login-ip, second-factor-account",
    enforceLimit: enforceSecondFactorRateLimits,
    why: "the second step of a sign-in (its challenge cookie) or the confirmation of a new authenticator app; a finished sign-in gets our token pair",
  },
  "/two-factor/verify-backup-code": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({ code: secondFactorCode, trustDevice: z.boolean().optional() }),
    limit: "login-ip, second-factor-account",
    enforceLimit: enforceSecondFactorRateLimits,
    why: "the second step of a sign-in with a backup code, which then stops working; a finished sign-in gets our token pair",
  },
  "/two-factor/generate-backup-codes": {
    method: "POST",
    caller: "signed-in",
    body: passwordAndSecondFactor,
    limit: "login-ip, login-account",
    enforceLimit: passwordCheck,
    why: "settings: ten new backup codes after the password and a current app code or passkey answer (only a second factor changes second factors); the old ones stop working",
  },
  "/two-factor/disable": {
    method: "POST",
    caller: "signed-in",
    body: passwordAndSecondFactor,
    limit: "login-ip, login-account",
    enforceLimit: passwordCheck,
    why: "settings: turns the second factor off after the password and a current app code or passkey answer; trusted browsers are forgotten",
  },
  "/request-password-reset": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({ email: presentedEmail, redirectTo: callbackURL }),
    limit: "forgot-password-ip",
    enforceLimit: ({ request }) => enforceForgotPasswordRateLimit(request),
    // Better Auth's own answer, word for word, for every address.
    answeredAtOnce: {
      status: true,
      message: "If this email exists in our system, check your email for the reset link",
    },
    why: "Better Auth's client `requestPasswordReset`; the same flow as /api/auth/forgot-password",
  },
  "/send-verification-email": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({ email: presentedEmail, callbackURL }),
    limit: "verification-email-ip",
    enforceLimit: ({ request }) => enforceVerificationEmailRateLimit(request),
    answeredAtOnce: { status: true },
    why: 'the "resend" of the verification banner, the sign-in form and the expired-link page: a new link to an unverified account (at most 3 mails an hour to one address)',
  },
  // Sign-in with GitHub, Google, OpenID Connect: lib/auth/sso/surface.ts.
  ...PROVIDER_ENDPOINTS,
  // Passkeys: lib/auth/passkeys/surface.ts.
  ...PASSKEY_ENDPOINTS,
};

/** Better Auth endpoints deliberately not served (404), with the reason. */
export const REFUSED_ENDPOINTS: Record<string, string> = {
  "/verify-password":
    "a password oracle reachable with any access token; nothing of ours needs it (account deletion checks the password itself, counted)",
  "/delete-user": "served by /api/auth/delete-account, which asks for the password and counts it",
  "/delete-user/callback": "account deletion by email link is not offered",
  "/reset-password":
    "shadowed by our /api/auth/reset-password (a static route), which accepts its `newPassword` too",
  "/reset-password/:token":
    "a GET that carries the reset token in its URL; our emails link to the /reset-password page instead",
  "/list-sessions":
    "its items carry session tokens; /api/auth/sessions lists sessions without them",
  "/revoke-session": "takes a session token; /api/auth/sessions/:id revokes by id",
  "/revoke-sessions": "served by /api/auth/logout and the sessions API",
  "/revoke-other-sessions": "served by /api/auth/sessions/revoke-others",
  "/update-session": "no session field is the client's to change",
  "/verify-email":
    "shadowed by our GET /api/auth/verify-email (a static route): our links are single use and stored hashed, its tokens are JWTs that work until they expire",
  "/change-email":
    "shadowed by our POST /api/auth/change-email (a static route), which asks for the current password, refuses a taken address and ends the other sessions",
  "/refresh-token": "a provider's OAuth tokens: we sign in with providers, never call their APIs",
  "/get-access-token":
    "a provider's OAuth tokens: we sign in with providers, never call their APIs",
  "/account-info": "a provider's account data: the profile is read once, at sign-in",
  "/two-factor/get-totp-uri":
    "hands out the secret of an app already set up to anyone holding a session and the password; before confirming, /two-factor/enable starts over with a new secret",
  "/two-factor/send-otp": "codes by email or SMS are not offered: authenticator apps only",
  "/two-factor/verify-otp": "codes by email or SMS are not offered: authenticator apps only",
  "/ok": "/api/health answers for the app",
  "/error":
    "Better Auth's HTML error page: a provider flow that fails returns to /login (or the page that started it) with `?error=<code>`",
};
