import { count, eq } from "drizzle-orm";
import { vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { account, user } from "@/lib/db/schema";
import { readOutbox } from "@/lib/email/outbox";
import { jsonRequest } from "./http";
import { importWithEnv } from "./isolation";
import { TEST_OUTBOX } from "./setup";

/**
 * The app as one server instance sees it under an EMAIL_VERIFICATION policy, for the account
 * ownership tests: the routes a person uses to register, sign in, prove a mailbox and keep a
 * session, plus the browser helpers of provider sign-in, passkeys and second factors, all
 * imported fresh under that policy. Nothing here is a stand-in: every call is the real handler.
 */
export type Policy = "optional" | "required";

export async function appUnder(policy: Policy, env: Record<string, string> = {}) {
  return importWithEnv(
    async () => {
      const register = (await import("@/app/api/auth/register/route")).POST;
      const login = (await import("@/app/api/auth/login/route")).POST;
      const forgotPassword = (await import("@/app/api/auth/forgot-password/route")).POST;
      const resetPassword = (await import("@/app/api/auth/reset-password/route")).POST;
      const verifyEmail = await import("@/app/api/auth/verify-email/route");
      const changeEmail = (await import("@/app/api/auth/change-email/route")).POST;
      const me = (await import("@/app/api/auth/me/route")).GET;
      const refresh = (await import("@/app/api/auth/refresh/route")).POST;
      const betterAuth = await import("@/app/api/auth/[...all]/route");
      return {
        policy,
        providers: await import("./provider-browser"),
        passkeys: await import("./passkeys"),
        secondFactor: await import("./second-factor"),
        register: (email: string, password: string) =>
          register(jsonRequest("/api/auth/register", { body: { email, password } })),
        signIn: (email: string, password: string) =>
          login(jsonRequest("/api/auth/login", { body: { email, password } })),
        /** A sign-in from a browser that carries `cookie` (its device cookie, say). */
        signInWith: (email: string, password: string, cookie: string) =>
          login(jsonRequest("/api/auth/login", { body: { email, password }, headers: { cookie } })),
        /** Forgot password, the mailed link, a new password: the owner's proof of the mailbox. */
        resetWithMailbox: async (email: string, password: string) => {
          await forgotPassword(jsonRequest("/api/auth/forgot-password", { body: { email } }));
          const token = await newestLinkToken(email, /\/reset-password\?token=([\w-]+)/);
          return resetPassword(
            jsonRequest("/api/auth/reset-password", { body: { token, password } }),
          );
        },
        /** The newest verification link in the mailbox, opened by a browser with `cookie`. */
        followNewestLink: async (email: string, cookie?: string) => {
          const token = await newestLinkToken(email, /\/api\/auth\/verify-email\?token=([\w-]+)/);
          const link = `http://localhost:3000/api/auth/verify-email?token=${token}`;
          return verifyEmail.GET(new Request(link, { headers: cookie ? { cookie } : {} }));
        },
        /** The page the link leads to when nobody is signed in: the token and a password. */
        confirmNewestLink: async (email: string, password: string, links = 1) => {
          const token = await newestLinkToken(
            email,
            /\/api\/auth\/verify-email\?token=([\w-]+)/,
            links,
          );
          return verifyEmail.POST(
            jsonRequest("/api/auth/verify-email", { body: { token, password } }),
          );
        },
        changeEmail: (cookie: string, email: string, password: string) =>
          changeEmail(
            jsonRequest("/api/auth/change-email", {
              body: { email, password },
              headers: { cookie },
            }),
          ),
        me: (cookie: string) =>
          me(jsonRequest("/api/auth/me", { method: "GET", headers: { cookie } })),
        refresh: (refreshToken: string) =>
          refresh(
            jsonRequest("/api/auth/refresh", {
              headers: { cookie: `refresh_token=${refreshToken}` },
            }),
          ),
        betterAuthPost: (path: string, body: unknown, cookie: string) =>
          betterAuth.POST(jsonRequest(`/api/auth${path}`, { body, headers: { cookie } })),
        betterAuthGet: (path: string, cookie: string) =>
          betterAuth.GET(jsonRequest(`/api/auth${path}`, { method: "GET", headers: { cookie } })),
      };
    },
    { ...env, EMAIL_VERIFICATION: policy },
  );
}

export type App = Awaited<ReturnType<typeof appUnder>>;

// Mail leaves after the answer: under a full suite's load it can take seconds.
const MAIL_WAIT = { timeout: 10_000, interval: 100 };

/** The token of the newest link in `email`'s mailbox that `pattern` finds, once `links` came. */
export async function newestLinkToken(email: string, pattern: RegExp, links = 1): Promise<string> {
  return vi.waitFor(async () => {
    const tokens = (await mailbox(email))
      .map((mail) => pattern.exec(mail.text)?.[1])
      .filter((token): token is string => token !== undefined);
    if (tokens.length < links) throw new Error(`${tokens.length} of ${links} links to ${email}`);
    return String(tokens[0]);
  }, MAIL_WAIT);
}

/** Every mail `email` received, newest first. */
export async function mailbox(email: string) {
  return (await readOutbox(TEST_OUTBOX)).filter((mail) => mail.to === email);
}

export async function accountOf(email: string) {
  const [row] = await getDb().select().from(user).where(eq(user.email, email));
  return row;
}

/** The ways an account signs in: `credential` (the password) and provider ids. */
export async function signInMethods(userId: string) {
  const rows = await getDb().select().from(account).where(eq(account.userId, userId));
  return rows.map((row) => row.providerId).sort();
}

export async function rowCounts() {
  const [users] = await getDb().select({ n: count() }).from(user);
  const [accounts] = await getDb().select({ n: count() }).from(account);
  return { users: users?.n, accounts: accounts?.n };
}

/** The access and refresh cookies an answer set, as a browser sends them back. */
export function tokenCookie(response: Response): string {
  const set = response.headers.getSetCookie();
  const value = (name: string) =>
    set.find((cookie) => cookie.startsWith(`${name}=`))?.split(";")[0] ?? "";
  return [value("access_token"), value("refresh_token")].filter(Boolean).join("; ");
}
