import type { Env } from "@/lib/env";
import type { RateLimitRule } from "./limiter";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Every rate limit of the app, in one table (docs/features.md "Rate limits" repeats it for
 * operators).
 * Each row can be overridden by its variable, e.g. RATE_LIMIT_LOGIN_ACCOUNT="10/1m".
 * Keys are what a limit counts per; the name (never the URL path) is part of the counter key,
 * so `//api/auth/login` or a trailing slash count against the same limit.
 */
// biome-ignore format: a table reads best as one
export const RATE_LIMITS = {
  "login-account":      { limit: 5,   windowMs: MINUTE, per: "account (email trimmed, lower-cased)", env: "RATE_LIMIT_LOGIN_ACCOUNT" },
  "login-device":       { limit: 10,  windowMs: MINUTE, per: "account on a trusted device (device cookie)", env: "RATE_LIMIT_LOGIN_DEVICE" },
  // A second factor's code (TOTP or backup), per account whatever the challenge: a new challenge
  // needs the password, but five codes a minute is all a stolen password buys.
  "second-factor-account": { limit: 5, windowMs: MINUTE, per: "account (user id) checking a second-factor code", env: "RATE_LIMIT_SECOND_FACTOR_ACCOUNT" },
  "login-ip":           { limit: 20,  windowMs: MINUTE, per: "client IP",                            env: "RATE_LIMIT_LOGIN_IP" },
  "register-ip":        { limit: 5,   windowMs: MINUTE, per: "client IP",                            env: "RATE_LIMIT_REGISTER_IP" },
  "forgot-password-ip": { limit: 5,   windowMs: MINUTE, per: "client IP",                            env: "RATE_LIMIT_FORGOT_PASSWORD_IP" },
  "reset-password-ip":  { limit: 5,   windowMs: MINUTE, per: "client IP",                            env: "RATE_LIMIT_RESET_PASSWORD_IP" },
  "verification-email-ip": { limit: 5, windowMs: MINUTE, per: "client IP",                          env: "RATE_LIMIT_VERIFICATION_EMAIL_IP" },
  // Reset and verification mails to one address, whatever the IPs
  // asking: past it nothing is sent, and the answer stays the same (lib/email/mail-cap.ts).
  "mail-address":       { limit: 3,   windowMs: HOUR,   per: "recipient address (trimmed, lower-cased)", env: "RATE_LIMIT_MAIL_ADDRESS" },
  // Sign-in notices (lib/auth/account/sign-in-notice.ts) to one address: an API client that signs
  // in without cookies, or a storm of them, would otherwise mail at every sign-in.
  "sign-in-notice-address": { limit: 5, windowMs: HOUR, per: "recipient address of sign-in notices", env: "RATE_LIMIT_SIGN_IN_NOTICE_ADDRESS" },
  // Security notices (lib/auth/account/security-notice.ts), per address and kind of change: a
  // counter of their own, so no other mail, and no other kind of change, can spend it.
  "security-notice-address": { limit: 3, windowMs: HOUR, per: "recipient address and kind of change of security notices", env: "RATE_LIMIT_SECURITY_NOTICE_ADDRESS" },
  "auth-ip":            { limit: 120, windowMs: MINUTE, per: "client IP",                            env: "RATE_LIMIT_AUTH_IP" },
  "refresh-family":     { limit: 30,  windowMs: MINUTE, per: "refresh family (session id)",          env: "RATE_LIMIT_REFRESH_FAMILY" },
  // New API keys (lib/auth/api-keys/): each mails a notice and is a credential for a year at most.
  "api-key-user":       { limit: 10,  windowMs: HOUR,   per: "user creating API keys",            env: "RATE_LIMIT_API_KEY_USER" },
  // Dynamic client registration (lib/auth/oauth/registration.ts): anyone may call it, each call a row.
  "oauth-register-ip":  { limit: 20,  windowMs: HOUR,   per: "client IP registering OAuth clients", env: "RATE_LIMIT_OAUTH_REGISTER_IP" },
  // Apps registered in Settings (lib/auth/oauth/owned-clients.ts) and their new secrets: each names
  // redirect URIs on a consent page, and a registration is cheap to script.
  "oauth-client-user":  { limit: 10,  windowMs: HOUR,   per: "user registering OAuth apps or renewing their secrets", env: "RATE_LIMIT_OAUTH_CLIENT_USER" },
  "tasks-user":         { limit: 300, windowMs: MINUTE, per: "user",                                 env: "RATE_LIMIT_TASKS_USER" },
  // Workspace invitations mailed, sent and resent (lib/workspaces/invitations.ts): each carries a
  // name and a workspace's name of the inviter's choosing to any address.
  "invitation-user":    { limit: 50,  windowMs: HOUR,   per: "user mailing workspace invitations",   env: "RATE_LIMIT_INVITATION_USER" },
  // The OAuth token and revocation endpoints (lib/auth/oauth/): per client IP before anything is
  // read (a code, a secret or a verifier guessed costs a count), then per client.
  "oauth-token-ip":     { limit: 60,  windowMs: MINUTE, per: "client IP at the OAuth token and revocation endpoints", env: "RATE_LIMIT_OAUTH_TOKEN_IP" },
  "oauth-token-client": { limit: 120, windowMs: MINUTE, per: "OAuth client (client_id)",              env: "RATE_LIMIT_OAUTH_TOKEN_CLIENT" },
  // Consents given: each grant is a durable credential and a security event.
  "oauth-authorize-user": { limit: 20, windowMs: HOUR,  per: "user answering OAuth consent",          env: "RATE_LIMIT_OAUTH_AUTHORIZE_USER" },
  // Device authorizations started (lib/auth/oauth/device-authorization.ts): each is a row and a
  // user code to guess at, so per client IP before anything is read, then per client.
  "oauth-device-ip":    { limit: 30,  windowMs: HOUR,   per: "client IP starting device authorizations", env: "RATE_LIMIT_OAUTH_DEVICE_IP" },
  "oauth-device-client": { limit: 600, windowMs: HOUR,  per: "OAuth client starting device authorizations", env: "RATE_LIMIT_OAUTH_DEVICE_CLIENT" },
  // User codes entered on /device, right or wrong: 8 letters of 20 are guessable only slowly.
  "oauth-user-code-user": { limit: 10, windowMs: 15 * MINUTE, per: "user entering device user codes", env: "RATE_LIMIT_OAUTH_USER_CODE_USER" },
  "oauth-user-code-ip": { limit: 30,  windowMs: 15 * MINUTE, per: "client IP entering device user codes", env: "RATE_LIMIT_OAUTH_USER_CODE_IP" },
  "introspect-client":  { limit: 6000, windowMs: MINUTE, per: "resource server (client IP without a valid credential)", env: "RATE_LIMIT_INTROSPECT_CLIENT" },
} as const satisfies Record<string, RateLimitRule & { per: string; env: keyof Env }>;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** The rule in force: the table's default unless the environment overrides it. */
export function ruleFor(name: RateLimitName, env: Env): RateLimitRule {
  const { limit, windowMs, env: variable } = RATE_LIMITS[name];
  return env[variable] ?? { limit, windowMs };
}
