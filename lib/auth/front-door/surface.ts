import { AUTH_FEATURES } from "../better-auth/features";
import { servedEndpoints } from "../contract/collect";

/**
 * Which of Better Auth's endpoints are served over HTTP under /api/auth: those the features
 * declare (lib/auth/contract/endpoint.ts), collected. Its router has more
 * (tests/integration/auth-surface.test.ts enumerates `auth.api` and fails on an endpoint that is
 * in neither table, so an upgrade cannot widen the surface unnoticed); everything not served
 * answers 404 before Better Auth sees it. docs/api.md's endpoint table is generated from this
 * (scripts/endpoint-table.ts).
 *
 * Every served endpoint passes the same policy (./handler.ts): a 64 KB body cap, a strict body
 * schema with the account field rules (lib/auth/fields/), CSRF/CORS as on every route
 * (handleRoute), and its rate limit from the one rules table, counted before Better Auth hashes
 * anything. Better Auth's own limiter is off: every served endpoint has one of ours.
 */
export const SERVED_ENDPOINTS = servedEndpoints(AUTH_FEATURES);

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
