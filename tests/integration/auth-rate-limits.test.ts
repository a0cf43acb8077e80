import { Worker } from "node:worker_threads";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as betterAuth } from "@/app/api/auth/[...all]/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { POST as register } from "@/app/api/auth/register/route";
import { getDb } from "@/lib/db/client";
import { session, user } from "@/lib/db/schema";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { jsonRequest, uniqueClientIp, uniqueEmail } from "../support/http";
import { freezeClockMidMinute } from "../support/isolation";

// The real route handlers, ours and Better Auth's, with the limits of lib/rate-limit/rules.ts.
// Every test uses its own client IP and accounts: counters never leak between tests.

const WRONG = "not the password";

const viaOurLogin = (email: string, ip: string, path = "/api/auth/login", headers = {}) =>
  login(
    jsonRequest(path, {
      body: { email, password: WRONG },
      headers: { "x-real-ip": ip, ...headers },
    }),
  );

const viaBetterAuthSignIn = (email: string, ip: string, path = "/api/auth/sign-in/email") =>
  betterAuth(jsonRequest(path, { body: { email, password: WRONG }, headers: { "x-real-ip": ip } }));

const viaOurRegister = (ip: string) =>
  register(
    jsonRequest("/api/auth/register", {
      body: { email: uniqueEmail("reg"), password: TEST_PASSWORD },
      headers: { "x-real-ip": ip },
    }),
  );

const viaBetterAuthSignUp = (ip: string) =>
  betterAuth(
    jsonRequest("/api/auth/sign-up/email", {
      body: { email: uniqueEmail("reg"), password: TEST_PASSWORD, name: "Reg" },
      headers: { "x-real-ip": ip },
    }),
  );

/**
 * Counts bcrypt jobs handed to the hashing threads (lib/auth/passwords/bcrypt-pool.ts posts one
 * message per hash or compare; Node's Worker is only watched, not replaced).
 */
function watchPasswordHashing() {
  const posted = vi.spyOn(Worker.prototype, "postMessage");
  return () => posted.mock.calls.length;
}

async function expectRateLimited(response: Response) {
  expect(response.status).toBe(429);
  const seconds = Number(response.headers.get("retry-after"));
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(response.headers.get("ratelimit-remaining")).toBe("0");
  expect(response.headers.get("ratelimit-reset")).toBe(String(seconds));
  expect((await response.json()).error).toEqual({
    code: "rate_limited",
    message: `Too many attempts. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`,
  });
}

beforeEach(freezeClockMidMinute);
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("sign-in limits", () => {
  it("refuses the 6th attempt on one account within a minute, before hashing anything", async () => {
    const { email } = await createSignedInUser();
    const hashing = watchPasswordHashing();
    for (let i = 0; i < 5; i++)
      expect((await viaOurLogin(email, uniqueClientIp())).status).toBe(401);
    expect(hashing()).toBe(5);
    const refused = await viaOurLogin(email, uniqueClientIp());
    await expectRateLimited(refused);
    expect(refused.headers.get("ratelimit-limit")).toBe("5");
    expect(hashing()).toBe(5);
  });

  it("locks the account even against the right password once it is over the limit", async () => {
    const { email, password } = await createSignedInUser();
    for (let i = 0; i < 5; i++) await viaOurLogin(email, uniqueClientIp());
    const right = await login(jsonRequest("/api/auth/login", { body: { email, password } }));
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie()).toEqual([]);
  });

  it("shares one account counter between /api/auth/login and Better Auth's sign-in", async () => {
    const { email } = await createSignedInUser();
    for (let i = 0; i < 3; i++)
      expect((await viaOurLogin(email, uniqueClientIp())).status).toBe(401);
    for (let i = 0; i < 2; i++) {
      expect((await viaBetterAuthSignIn(email, uniqueClientIp())).status).toBe(401);
    }
    await expectRateLimited(await viaBetterAuthSignIn(email, uniqueClientIp()));
    await expectRateLimited(await viaOurLogin(email, uniqueClientIp()));
  });

  it("counts email case and whitespace variants as the same account", async () => {
    const email = uniqueEmail("variants");
    const variants = [
      email,
      email.toUpperCase(),
      ` ${email}`,
      `${email}\t`,
      ` ${email.toUpperCase()} `,
    ];
    for (const variant of variants)
      expect((await viaOurLogin(variant, uniqueClientIp())).status).toBe(401);
    await expectRateLimited(
      await viaBetterAuthSignIn(
        email.replace(/^./, (c) => c.toUpperCase()),
        uniqueClientIp(),
      ),
    );
  });

  it("does not reset the account counter for path variants of the login URL", async () => {
    const email = uniqueEmail("paths");
    const paths = [
      "/api/auth/login",
      "//api/auth/login",
      "/api/auth/login/",
      "/api/auth//login",
      "/API/auth/login",
    ];
    for (const path of paths)
      expect((await viaOurLogin(email, uniqueClientIp(), path)).status).toBe(401);
    await expectRateLimited(await viaOurLogin(email, uniqueClientIp(), "/api/auth/login?x=1"));
  });

  it("never lets a path variant reach Better Auth's sign-in unlimited", async () => {
    const email = uniqueEmail("ba-paths");
    for (const path of [
      "//api/auth/sign-in/email",
      "/api/auth/sign-in/email/",
      "/api/auth//sign-in/email",
    ]) {
      const response = await viaBetterAuthSignIn(email, uniqueClientIp(), path);
      expect(response.status).toBe(404);
    }
  });

  it("limits one client IP to 20 sign-ins a minute, whatever X-Forwarded-For says", async () => {
    const ip = uniqueClientIp();
    for (let i = 0; i < 20; i++) {
      const forwarded = { "x-forwarded-for": `${uniqueClientIp()}, ${uniqueClientIp()}` };
      const response = await viaOurLogin(uniqueEmail("ip"), ip, "/api/auth/login", forwarded);
      expect(response.status).toBe(401);
    }
    await expectRateLimited(await viaBetterAuthSignIn(uniqueEmail("ip"), ip));
    expect((await viaBetterAuthSignIn(uniqueEmail("ip"), uniqueClientIp())).status).toBe(401);
  });
});

describe("password change limits", () => {
  it("counts each check of the current password against the account's sign-in limit, before hashing", async () => {
    const alice = await createSignedInUser();
    const change = (currentPassword: string) =>
      betterAuth(
        jsonRequest("/api/auth/change-password", {
          body: { currentPassword, newPassword: "a brand new password" },
          headers: { cookie: alice.cookie, "x-real-ip": uniqueClientIp() },
        }),
      );
    const hashing = watchPasswordHashing();
    for (let i = 0; i < 5; i++) {
      const wrong = await change(WRONG);
      expect(wrong.status).toBe(400);
      expect((await wrong.json()).code).toBe("INVALID_PASSWORD");
    }
    // Better Auth hashes the new password as well as checking the current one: two jobs each.
    expect(hashing()).toBe(10);
    await expectRateLimited(await change(alice.password));
    await expectRateLimited(await viaOurLogin(alice.email, uniqueClientIp()));
    expect(hashing()).toBe(10);
  });
});

describe("registration limits", () => {
  it("allows 5 registrations a minute per client IP across both sign-up routes, then 429 before hashing", async () => {
    const ip = uniqueClientIp();
    const hashing = watchPasswordHashing();
    for (let i = 0; i < 3; i++) expect((await viaOurRegister(ip)).status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await viaBetterAuthSignUp(ip)).status).toBe(200);
    expect(hashing()).toBe(5);
    await expectRateLimited(await viaOurRegister(ip));
    await expectRateLimited(await viaBetterAuthSignUp(ip));
    expect(hashing()).toBe(5);
    expect((await viaOurRegister(uniqueClientIp())).status).toBe(201);
  });
});

describe("refresh limits", () => {
  it("allows 30 refreshes a minute per family, then 429; another family is unaffected", async () => {
    const alice = await createSignedInUser();
    let token = alice.refreshToken;
    for (let i = 0; i < 30; i++) {
      const response = await refresh(
        jsonRequest("/api/auth/refresh", { body: { refresh_token: token } }),
      );
      expect(response.status).toBe(200);
      token = (await response.json()).refresh_token;
    }
    const refused = await refresh(
      jsonRequest("/api/auth/refresh", { body: { refresh_token: token } }),
    );
    await expectRateLimited(refused);
    expect(refused.headers.get("ratelimit-limit")).toBe("30");

    const bob = await createSignedInUser();
    const other = await refresh(
      jsonRequest("/api/auth/refresh", { body: { refresh_token: bob.refreshToken } }),
    );
    expect(other.status).toBe(200);
  });
});

describe("Better Auth and the trusted client IP", () => {
  it("records a session's IP from the trusted header, never from X-Forwarded-For", async () => {
    const { email, password } = await createSignedInUser();
    const ip = uniqueClientIp();
    const response = await betterAuth(
      jsonRequest("/api/auth/sign-in/email", {
        body: { email, password },
        headers: { "x-real-ip": ip, "x-forwarded-for": "192.0.2.66" },
      }),
    );
    expect(response.status).toBe(200);
    const sessions = await getDb()
      .select({ ipAddress: session.ipAddress })
      .from(session)
      .innerJoin(user, eq(user.id, session.userId))
      .where(eq(user.email, email));
    const addresses = sessions.map((row) => row.ipAddress);
    expect(addresses).toHaveLength(2);
    expect(addresses).toContain(ip);
    expect(addresses).not.toContain("192.0.2.66");
  });
});

describe("browser protections on the auth routes", () => {
  it("refuses a sign-in posted from another site, ours and Better Auth's", async () => {
    const { email, password } = await createSignedInUser();
    const fromEvil = { origin: "https://evil.example" };
    for (const [route, path] of [
      [login, "/api/auth/login"],
      [betterAuth, "/api/auth/sign-in/email"],
    ] as const) {
      const response = await route(
        jsonRequest(path, { body: { email, password }, headers: fromEvil }),
      );
      expect(response.status).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it("answers every auth route with Vary: Origin and no CORS grant for an unlisted origin", async () => {
    const response = await login(
      jsonRequest("/api/auth/login", { body: { email: uniqueEmail(), password: WRONG } }),
    );
    expect(response.headers.get("vary")).toContain("Origin");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
