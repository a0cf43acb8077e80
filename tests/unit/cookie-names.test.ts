import { afterEach, describe, expect, it } from "vitest";
import { importWithEnv, restoreEnv } from "../support/isolation";

/**
 * Production cookie names carry `__Host-` (RFC 6265bis): the browser then keeps such a cookie
 * only if it is Secure, Path=/ and has no Domain, so a sibling subdomain cannot plant one.
 */
const PRODUCTION = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://db.example.test/app",
  BETTER_AUTH_URL: "https://app.example.test",
  BETTER_AUTH_SECRET: "s".repeat(32),
  JWT_SECRET_KEY: "j".repeat(32),
  EMAIL_OUTBOX_IN_PRODUCTION: "1",
};

const cookieModules = async () => ({
  ...(await import("@/lib/auth/tokens/cookies")),
  ...(await import("@/lib/auth/core/device-cookie")),
});

const pair = { accessToken: "a", accessMaxAge: 60, refreshToken: "r", refreshMaxAge: 600 };

afterEach(restoreEnv);

describe("cookie names", () => {
  it("uses __Host- names with the attributes the prefix requires in production", async () => {
    const { tokenCookies, clearedTokenCookies, deviceCookie } = await importWithEnv(
      cookieModules,
      PRODUCTION,
    );
    const written = [...tokenCookies(pair), ...clearedTokenCookies(), deviceCookie("a@b.test", "")];
    expect(written.map((cookie) => cookie.slice(0, cookie.indexOf("=")))).toEqual([
      "__Host-access_token",
      "__Host-refresh_token",
      "__Host-access_token",
      "__Host-refresh_token",
      "__Host-device_token",
    ]);
    for (const cookie of written) {
      expect(cookie).toMatch(/; Path=\/;/);
      expect(cookie).toMatch(/; Secure(;|$)/);
      expect(cookie).toMatch(/; HttpOnly;/);
      expect(cookie).not.toMatch(/Domain=/i);
    }
  });

  it("reads only the __Host- cookie in production: a plain-named one from a sibling counts for nothing", async () => {
    // The guard reads the access cookie this way (lib/auth/core/guard.ts, private to it).
    const { readCredentialCookie, cookieNames } = await importWithEnv(cookieModules, PRODUCTION);
    const accessTokenFrom = (headers: Headers) =>
      readCredentialCookie(headers.get("cookie"), cookieNames().access);
    const planted = new Headers({ cookie: "access_token=planted.by.sibling" });
    expect(accessTokenFrom(planted)).toBeUndefined();
    const ours = new Headers({ cookie: "access_token=planted; __Host-access_token=ours" });
    expect(accessTokenFrom(ours)).toBe("ours");
  });

  it("keeps plain names in development, where not every browser keeps Secure cookies on http://localhost", async () => {
    const { tokenCookies } = await importWithEnv(cookieModules, { NODE_ENV: "development" });
    expect(tokenCookies(pair).map((cookie) => cookie.slice(0, cookie.indexOf("=")))).toEqual([
      "access_token",
      "refresh_token",
    ]);
  });
});
