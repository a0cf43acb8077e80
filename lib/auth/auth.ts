import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthMiddleware } from "better-auth/api";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { account, session, user, verification } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { betterAuthIpAddressOptions } from "@/lib/http/client-ip";
import { logBetterAuth } from "@/lib/http/log";
import {
  BETTER_AUTH_ENDPOINTS_WE_LIMIT,
  betterAuthRateLimitResponse,
} from "@/lib/rate-limit/auth-limits";
import { normalizeEmail } from "./normalize-email";
import { hashPassword, verifyPassword } from "./password";
import { deliverResetLink, RESET_TOKEN_LIFETIME_SECONDS } from "./password-reset";
import { ROLES } from "./roles";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

// Development servers run on whatever port is free; production trusts BETTER_AUTH_URL only.
const LOOPBACK_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"];

function createAuth() {
  const env = getEnv();
  const db = getDb();
  const adminEmails = env.ADMIN_EMAILS;

  /** ADMIN_EMAILS promotes accounts that existed before the variable listed them, at sign-in. */
  async function promoteConfiguredAdmin(userId: string) {
    if (adminEmails.length === 0) return;
    await db
      .update(user)
      .set({ role: "admin" })
      .where(
        and(
          eq(user.id, userId),
          ne(user.role, "admin"),
          sql`lower(${user.email}) in ${adminEmails}`,
        ),
      );
  }

  return betterAuth({
    baseURL: env.BETTER_AUTH_URL,
    secret: env.BETTER_AUTH_SECRET,
    // Its default logger prints whole error objects, query parameters included.
    logger: { log: logBetterAuth },
    // An error that is not Better Auth's own (a full password-hashing queue's 503, an unreachable
    // database) leaves its router for handleRoute, which answers it as on every other route;
    // Better Auth would answer it with an empty 500. Its own APIErrors stay its answers.
    onAPIError: { throw: true },
    trustedOrigins: env.NODE_ENV === "production" ? [] : LOOPBACK_ORIGINS,
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user, session, account, verification },
    }),
    session: {
      // The session is the refresh family: its expiry is absolute, set once at sign-in.
      expiresIn: env.REFRESH_TOKEN_EXPIRE_DAYS * 24 * 60 * 60,
      disableSessionRefresh: true,
    },
    // Better Auth would read a client-supplied X-Forwarded-For; it gets the platform's header,
    // as our limits do (lib/http/client-ip.ts), for its own limiter and sessions' ip_address.
    advanced: { ipAddress: betterAuthIpAddressOptions() },
    // Our limits (lib/rate-limit) cover sign-in and sign-up, per account and per trusted client
    // IP; Better Auth's own limiter (IP + path) keeps the endpoints ours do not cover.
    rateLimit: {
      customRules: Object.fromEntries(BETTER_AUTH_ENDPOINTS_WE_LIMIT.map((path) => [path, false])),
    },
    // Better Auth's session token never reaches a browser: lib/auth/better-auth-route.ts
    // hands it to Better Auth after checking our access token.
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // HTTP requests only: our own routes call auth.api.* (no request) after counting.
        if (ctx.request) {
          const limited = await betterAuthRateLimitResponse(ctx.path, ctx.request, ctx.body);
          if (limited) return limited;
        }
        const email = ctx.body?.email;
        if (typeof email !== "string") return;
        return { context: { body: { ...ctx.body, email: normalizeEmail(email) } } };
      }),
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => verifyPassword(password, hash),
      },
      // Reset (lib/auth/password-reset.ts): a reset ends every session, so every refresh
      // family (refresh_token rows cascade) and every access token with them.
      resetPasswordTokenExpiresIn: RESET_TOKEN_LIFETIME_SECONDS,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: ({ user, token }) => deliverResetLink(user, token),
    },
    user: {
      additionalFields: {
        // input: false — a sign-up or update body can never set it.
        role: { type: [...ROLES], input: false, required: false, defaultValue: "user" },
      },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (data) => ({
            data: {
              ...data,
              role: adminEmails.includes(data.email.toLowerCase()) ? "admin" : "user",
            },
          }),
        },
      },
      session: {
        create: {
          after: async (created) => promoteConfiguredAdmin(created.userId),
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
