import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthMiddleware } from "better-auth/api";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { account, session, user, verification } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { normalizeEmail } from "./normalize-email";
import { hashPassword, verifyPassword } from "./password";
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
    // Better Auth's session token never reaches a browser: lib/auth/better-auth-route.ts
    // hands it to Better Auth after checking our access token.
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
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
