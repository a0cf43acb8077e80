import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { freezeClockMidMinute, importWithEnv, restoreEnv } from "../support/isolation";

// A route with the login limits and nothing else (no bcrypt): the real routes are tested in
// tests/integration/auth-rate-limits.test.ts.
async function loadLoginLikeRoute(env: Record<string, string | undefined> = {}) {
  const { handleRoute, enforcePasswordCheckRateLimits } = await importWithEnv(
    async () => ({
      ...(await import("@/lib/http/handle-route")),
      ...(await import("@/lib/auth/core/auth-limits")),
    }),
    env,
  );
  return handleRoute(async (request: Request) => {
    const { email } = (await request.json()) as { email: string };
    await enforcePasswordCheckRateLimits(request, email);
    return Response.json({ ok: true });
  });
}

function attempt(email: string, headers: Record<string, string> = {}) {
  return new Request("http://localhost:3000/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email }),
  });
}

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

beforeEach(freezeClockMidMinute);
afterEach(() => {
  vi.useRealTimers();
  restoreEnv();
});

describe("enforceRateLimit", () => {
  it("answers the 6th login for one account with 429, Retry-After and RateLimit headers", async () => {
    const route = await loadLoginLikeRoute();
    for (let i = 0; i < 5; i++) {
      expect((await route(attempt("ada@example.test", { "x-real-ip": freshIp() }))).status).toBe(
        200,
      );
    }
    const response = await route(attempt("ada@example.test", { "x-real-ip": freshIp() }));
    expect(response.status).toBe(429);
    const seconds = Number(response.headers.get("retry-after"));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(response.headers.get("ratelimit-limit")).toBe("5");
    expect(response.headers.get("ratelimit-remaining")).toBe("0");
    expect(response.headers.get("ratelimit-reset")).toBe(String(seconds));
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      error: {
        code: "rate_limited",
        message: `Too many attempts. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`,
      },
    });
  });

  it("counts email case and whitespace variants as one account", async () => {
    const route = await loadLoginLikeRoute();
    const variants = [
      "bo@example.test",
      "BO@example.test",
      " bo@example.test",
      "Bo@Example.Test\t",
      "bo@EXAMPLE.test ",
    ];
    for (const email of variants) {
      expect((await route(attempt(email, { "x-real-ip": freshIp() }))).status).toBe(200);
    }
    expect((await route(attempt("bO@example.TEST", { "x-real-ip": freshIp() }))).status).toBe(429);
  });

  it("limits one client IP to 20 logins a minute whatever accounts it tries", async () => {
    const route = await loadLoginLikeRoute();
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      expect((await route(attempt(`user${i}@example.test`, { "x-real-ip": ip }))).status).toBe(200);
    }
    expect((await route(attempt("one-more@example.test", { "x-real-ip": ip }))).status).toBe(429);
    expect((await route(attempt("one-more@example.test", { "x-real-ip": freshIp() }))).status).toBe(
      200,
    );
  });

  it("applies a limit overridden by its environment variable", async () => {
    const route = await loadLoginLikeRoute({ RATE_LIMIT_LOGIN_ACCOUNT: "2/1m" });
    expect((await route(attempt("cy@example.test", { "x-real-ip": freshIp() }))).status).toBe(200);
    expect((await route(attempt("cy@example.test", { "x-real-ip": freshIp() }))).status).toBe(200);
    const denied = await route(attempt("cy@example.test", { "x-real-ip": freshIp() }));
    expect(denied.status).toBe(429);
    expect(denied.headers.get("ratelimit-limit")).toBe("2");
  });
});

describe("one count per process", () => {
  it("counts a key once whichever copy of the module asks (Next.js bundles the proxy apart)", async () => {
    const routes = await importWithEnv(() => import("@/lib/rate-limit"), {
      RATE_LIMIT_REFRESH_FAMILY: "2/1m",
    });
    // A second copy of the module, as the proxy's bundle holds beside the route handlers'.
    vi.resetModules();
    const proxy = await import("@/lib/rate-limit");
    expect(proxy).not.toBe(routes);
    await routes.enforceRateLimit("refresh-family", "family-1");
    await proxy.enforceRateLimit("refresh-family", "family-1");
    await expect(routes.enforceRateLimit("refresh-family", "family-1")).rejects.toMatchObject({
      status: 429,
    });
    await expect(proxy.enforceRateLimit("refresh-family", "family-1")).rejects.toMatchObject({
      status: 429,
    });
  });
});

describe("client IP for rate limits", () => {
  it("ignores a rotating X-Forwarded-For: the trusted header decides", async () => {
    const route = await loadLoginLikeRoute();
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      const forwarded = `203.0.113.${i}, ${ip}`;
      const response = await route(
        attempt(`xff${i}@example.test`, { "x-real-ip": ip, "x-forwarded-for": forwarded }),
      );
      expect(response.status).toBe(200);
    }
    const rotated = { "x-real-ip": ip, "x-forwarded-for": "192.0.2.99" };
    expect((await route(attempt("xff-last@example.test", rotated))).status).toBe(429);
  });

  it("ignores a client's own X-Real-IP when the platform's header is another one", async () => {
    const route = await loadLoginLikeRoute({ TRUSTED_IP_HEADER: "CF-Connecting-IP" });
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      const spoofed = {
        "cf-connecting-ip": ip,
        "x-real-ip": freshIp(),
        "x-forwarded-for": freshIp(),
      };
      expect((await route(attempt(`spoof${i}@example.test`, spoofed))).status).toBe(200);
    }
    const again = { "cf-connecting-ip": ip, "x-real-ip": freshIp() };
    expect((await route(attempt("spoof-last@example.test", again))).status).toBe(429);
  });

  it("puts every request without the trusted header in one shared bucket", async () => {
    const route = await loadLoginLikeRoute();
    for (let i = 0; i < 20; i++) {
      const forged = { "x-forwarded-for": freshIp(), "true-client-ip": freshIp() };
      expect((await route(attempt(`nohdr${i}@example.test`, forged))).status).toBe(200);
    }
    expect((await route(attempt("nohdr-last@example.test"))).status).toBe(429);
  });

  it("counts one client as one however the trusted header writes its address", async () => {
    const route = await loadLoginLikeRoute();
    const spellings = (i: number) => [
      `192.0.2.44:${1024 + i}`,
      "::ffff:192.0.2.44",
      "::ffff:c000:22c",
      `[::ffff:192.0.2.44]:${443 + i}`,
      " 192.0.2.44",
    ];
    for (let i = 0; i < 20; i++) {
      const ip = spellings(i)[i % 5] ?? "";
      expect((await route(attempt(`port${i}@example.test`, { "x-real-ip": ip }))).status).toBe(200);
    }
    const plain = { "x-real-ip": "192.0.2.44" };
    expect((await route(attempt("port-last@example.test", plain))).status).toBe(429);
    const v6 = (i: number) =>
      i % 2 ? `[2001:db8:cc:dd::${i + 1}]:443` : `2001:DB8:CC:DD::${i + 1}`;
    for (let i = 0; i < 20; i++) {
      expect((await route(attempt(`v6p${i}@example.test`, { "x-real-ip": v6(i) }))).status).toBe(
        200,
      );
    }
    const sameBlock = { "x-real-ip": "[2001:db8:cc:dd::ffff]:8443" };
    expect((await route(attempt("v6p-last@example.test", sameBlock))).status).toBe(429);
  });

  it("puts values that name no address in the shared bucket, never a key of their own", async () => {
    const route = await loadLoginLikeRoute();
    for (let i = 0; i < 20; i++) {
      const junk = { "x-real-ip": `not-an-ip-${i}` };
      expect((await route(attempt(`junk${i}@example.test`, junk))).status).toBe(200);
    }
    expect((await route(attempt("junk-last@example.test"))).status).toBe(429);
    // ... while a real client keeps its own.
    const real = { "x-real-ip": freshIp() };
    expect((await route(attempt("junk-last@example.test", real))).status).toBe(200);
  });

  it("with TRUSTED_IP_HEADER=none reads no header at all", async () => {
    const route = await loadLoginLikeRoute({ TRUSTED_IP_HEADER: "none" });
    for (let i = 0; i < 20; i++) {
      const forged = { "x-real-ip": freshIp() };
      expect((await route(attempt(`none${i}@example.test`, forged))).status).toBe(200);
    }
    const another = { "x-real-ip": freshIp() };
    expect((await route(attempt("none-last@example.test", another))).status).toBe(429);
  });

  it("counts IPv6 clients per /64, since each owns the whole block", async () => {
    const route = await loadLoginLikeRoute();
    for (let i = 0; i < 20; i++) {
      const address = `2001:db8:aa:bb:${i.toString(16)}::${i + 1}`;
      expect((await route(attempt(`v6-${i}@example.test`, { "x-real-ip": address }))).status).toBe(
        200,
      );
    }
    const sameBlock = { "x-real-ip": "2001:0db8:00aa:00bb:ffff:ffff:ffff:ffff" };
    expect((await route(attempt("v6-last@example.test", sameBlock))).status).toBe(429);
    const otherBlock = { "x-real-ip": "2001:db8:aa:bc::1" };
    expect((await route(attempt("v6-last@example.test", otherBlock))).status).toBe(200);
  });
});
