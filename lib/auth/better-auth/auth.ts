/**
 * lib/auth/better-auth/: our Better Auth instance (this module), the features it runs
 * (./features.ts), the token bridge around them (./token-bridge.ts), and the in-process callers
 * of the instance (account deletion, our password sign-in and sign-up).
 */
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { getDb } from "@/lib/db/client";
import { account, passkey, session, twoFactor, user, verification } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { betterAuthIpAddressOptions, clientAddress } from "@/lib/http/client-ip";
import { logBetterAuth } from "@/lib/http/log";
import { ROLES } from "@/lib/validation/roles";
import { promoteListedAdmin } from "../account/admin-bootstrap";
import { afterPasswordReset } from "../account/fresh-start";
import { unprovenAccountHooks } from "../account/proven-address";
import { recordSecurityEvent } from "../account/security-events";
import { servedEndpoints } from "../contract/collect";
import type { AuthFeature } from "../contract/endpoint";
import { refuseBannedSignIn } from "../core/account-ban";
import { forgetPasswordGuesses } from "../core/auth-limits";
import { betterAuthCookieOptions } from "../core/better-auth-cookies";
import {
  deliverVerificationLink,
  VERIFICATION_LINK_LIFETIME_SECONDS,
} from "../email-ownership/email-verification";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../fields/field-limits";
import { FRESH_SIGN_IN_SECONDS } from "../passkeys/plugin";
import { hashPassword, verifyPassword } from "../passwords/password";
import { deliverResetLink, RESET_TOKEN_LIFETIME_SECONDS } from "../passwords/password-reset";
import { connectedAccountHooks } from "../sso/connected-accounts";
import { socialProviders } from "../sso/providers";
import { AUTH_FEATURES } from "./features";
import { sessionIn, tokensOut } from "./token-bridge";

// Development servers run on whatever port is free; production trusts BETTER_AUTH_URL only.
const LOOPBACK_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"];

type FeaturePlugin = ReturnType<(typeof AUTH_FEATURES)[number]["plugins"]>[number];

/**
 * Our Better Auth instance with every feature's plugins. A test may add features of its own
 * (`extra`): their endpoints are reached over HTTP only, so the type need not know them.
 */
export function createAuth(extra: readonly AuthFeature[] = []) {
  const env = getEnv();
  const db = getDb();
  const plugins = AUTH_FEATURES.flatMap((feature): FeaturePlugin[] => feature.plugins(env));
  const extraPlugins = extra.flatMap((feature) => feature.plugins(env)) as FeaturePlugin[];
  return betterAuth({
    ...betterAuthCookieOptions(),
    // Its default logger prints whole error objects, query parameters included.
    logger: { log: logBetterAuth },
    // An error that is not Better Auth's own (a full password-hashing queue's 503, an unreachable
    // database) leaves its router for handleRoute, which answers it as on every other route;
    // Better Auth would answer it with an empty 500. Its own APIErrors stay its answers.
    // A provider flow that fails (a tampered `state`, a replayed callback) returns to the sign-in
    // page with `?error=<code>`, unless the page that started it named another.
    onAPIError: { throw: true, errorURL: `${env.BETTER_AUTH_URL.replace(/\/+$/, "")}/login` },
    // Its own origin check agrees with ours (lib/http/csrf.ts): the app and CORS_ORIGINS.
    trustedOrigins: [
      ...env.CORS_ORIGINS,
      ...(env.NODE_ENV === "production" ? [] : LOOPBACK_ORIGINS),
    ],
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user, session, account, verification, twoFactor, passkey },
    }),
    session: {
      // The session is the refresh family: its expiry is absolute, set once at sign-in.
      expiresIn: env.REFRESH_TOKEN_EXPIRE_DAYS * 24 * 60 * 60,
      disableSessionRefresh: true,
      // What Better Auth calls a fresh session: adding a passkey needs a sign-in this recent,
      // though a refresh family lasts REFRESH_TOKEN_EXPIRE_DAYS (lib/auth/passkeys/).
      freshAge: FRESH_SIGN_IN_SECONDS,
    },
    // Better Auth would read a client-supplied X-Forwarded-For; it gets the platform's header,
    // as our limits do (lib/http/client-ip.ts), for its own limiter and sessions' ip_address.
    advanced: { ipAddress: betterAuthIpAddressOptions() },
    // Every endpoint served over HTTP has a limit of ours, from the one rules table, counted
    // before Better Auth runs (lib/auth/front-door/surface.ts); its own IP + path limiter, in
    // memory per instance, would only be a second, weaker copy.
    rateLimit: { enabled: false },
    // Our token model (docs/architecture.md: a browser holds only our access and refresh tokens)
    // around every feature's plugins: the session comes in first, so no other hook queries it
    // again; tokens go out last, once every after-hook decided whether a sign-in finished.
    plugins: [
      sessionIn(),
      ...plugins,
      ...extraPlugins,
      tokensOut(servedEndpoints([...AUTH_FEATURES, ...extra])),
    ],
    // Other providers (lib/auth/sso/): each provider only when its settings are complete.
    socialProviders: socialProviders(env),
    account: {
      // A provider identity joins an existing account only when the provider says the address
      // is verified, it matches, and the account's own address is verified too (Better Auth's
      // `requireLocalEmailVerified`, default true: a stranger who registered someone's address
      // with a password of theirs must not receive that person's sign-in). No provider is
      // trusted without its `email_verified`; any other link is made from settings.
      accountLinking: { enabled: true, trustedProviders: [], allowDifferentEmails: false },
      // Provider tokens are never used (we only sign in), but Better Auth stores them: sealed.
      // Its id_token is not sealed by this; lib/auth/sso/connected-accounts.ts never stores it.
      encryptOAuthTokens: true,
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => verifyPassword(password, hash),
      },
      // Reset (lib/auth/passwords/password-reset.ts): a reset ends every session, so every refresh
      // family (refresh_token rows cascade) and every access token with them.
      resetPasswordTokenExpiresIn: RESET_TOKEN_LIFETIME_SECONDS,
      revokeSessionsOnPasswordReset: true,
      // The owner proved control of the mailbox: guesses by others no longer hold the account,
      // the address counts as verified (the reset link reached it), an account that was not
      // verified starts afresh, and every link and trusted browser of the account stops working
      // (its sessions end with the reset): lib/auth/account/fresh-start.ts.
      onPasswordReset: async ({ user }, request) => {
        await recordSecurityEvent("password_reset", user.id, request?.headers);
        await afterPasswordReset(user.id, request?.headers);
        await forgetPasswordGuesses(user.email);
      },
      sendResetPassword: ({ user, token }) => deliverResetLink(user, token),
      // EMAIL_VERIFICATION=required: no session (so no token pair) for an unverified account.
      // Its sign-up then creates no session either, and answers a taken address as a new one.
      requireEmailVerification: env.EMAIL_VERIFICATION === "required",
      // That answer must not leave an earlier registrant's password in place unnoticed: the
      // address gets a new link, which confirms only for whoever knows the account's password
      // (lib/auth/email-ownership/email-verification.ts). Someone else is told to choose a new one.
      onExistingUserSignUp: ({ user }) =>
        user.emailVerified ? Promise.resolve() : deliverVerificationLink(user),
    },
    // Email verification: a link at every sign-up, and on request (/send-verification-email); the
    // link and its single-use, hashed token are ours (lib/auth/email-ownership/email-verification.ts).
    emailVerification: {
      sendOnSignUp: true,
      expiresIn: VERIFICATION_LINK_LIFETIME_SECONDS,
      sendVerificationEmail: ({ user }) => deliverVerificationLink(user),
    },
    user: {
      additionalFields: {
        // input: false — a sign-up or update body can never set it.
        role: { type: [...ROLES], input: false, required: false, defaultValue: "user" },
      },
    },
    databaseHooks: {
      user: unprovenAccountHooks,
      account: connectedAccountHooks,
      session: {
        create: {
          // The address our parser reads (lib/http/client-ip.ts), so one behind a port-adding
          // proxy (`1.2.3.4:5678`) is recorded instead of Better Auth's "unknown".
          // A disabled account gets no session, on any sign-in path (../core/account-ban.ts).
          before: async (data, ctx) => {
            await refuseBannedSignIn(data.userId);
            const headers = ctx?.headers ?? ctx?.request?.headers;
            return { data: { ...data, ipAddress: headers ? clientAddress({ headers }) : null } };
          },
          // A verified account on ADMIN_EMAILS that is not admin yet (verified before the list
          // named it) becomes one at sign-in (lib/auth/account/admin-bootstrap.ts).
          after: (created) => promoteListedAdmin(db, created.userId),
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

let instance: Auth | undefined;

/** Created on first use, so `next build` can load route modules without production secrets. */
export function getAuth(): Auth {
  instance ??= createAuth();
  return instance;
}
