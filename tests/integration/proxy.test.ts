import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as loginRoute } from "@/app/api/auth/login/route";
import { POST as refreshRoute } from "@/app/api/auth/refresh/route";
import { closeDb } from "@/lib/db/client";
import { PAGE_ADDRESS_HEADER } from "@/lib/http/page-address";
import { proxy } from "@/proxy";
import { createSignedInUser, setCookies } from "../support/auth";
import { captureConsole } from "../support/console";
import { jsonRequest } from "../support/http";
import { freezeClockMidMinute, importWithEnv, restoreEnv } from "../support/isolation";
import { serveRoutes } from "../support/serve-route";
import { proxyDatabase } from "../support/tcp-proxy";
import { SAFE_NEXT, UNSAFE_NEXT } from "../support/unsafe-next";

/**
 * The page gate (proxy.ts), called as Next.js calls it, with the real refresh code and the real
 * database behind its transparent refresh.
 */
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  restoreEnv();
});

const APP = "https://app.example.test";

function page(
  path: string,
  cookies: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  return new NextRequest(new URL(path, APP), {
    headers: { ...(cookie && { cookie }), ...headers },
  });
}

const isPassThrough = (response: Response) => response.headers.get("x-middleware-next") === "1";

const refreshWith = (token: string) =>
  refreshRoute(
    new Request(new URL("/api/auth/refresh", APP), {
      method: "POST",
      headers: { cookie: `refresh_token=${token}` },
    }),
  );

describe("proxy.ts", () => {
  it("lets a valid access token through to a protected page", async () => {
    const alice = await createSignedInUser();
    const response = await proxy(page("/dashboard", { access_token: alice.accessToken }));
    expect(isPassThrough(response)).toBe(true);
  });

  it("redirects without a token to /login with the path (and query) as next", async () => {
    const response = await proxy(page("/settings/profile?tab=password"));
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("next")).toBe("/settings/profile?tab=password");
  });

  it("redirects with a forged token", async () => {
    const response = await proxy(page("/dashboard", { access_token: "e30.e30.e30" }));
    expect(response.status).toBe(307);
  });

  it("refreshes transparently when only the refresh cookie is left, and no token goes into a URL", async () => {
    const alice = await createSignedInUser();
    const response = await proxy(page("/dashboard", { refresh_token: alice.refreshToken }));
    expect(isPassThrough(response)).toBe(true);
    const setCookies = response.headers.getSetCookie();
    expect(
      setCookies.some(
        (cookie) => cookie.startsWith("access_token=") && cookie.includes("HttpOnly"),
      ),
    ).toBe(true);
    expect(
      setCookies.some(
        (cookie) => cookie.startsWith("refresh_token=") && !cookie.includes(alice.refreshToken),
      ),
    ).toBe(true);
    // The page itself renders with the new cookies.
    expect(response.headers.get("x-middleware-request-cookie")).toMatch(/access_token=ey/);
    expect(response.headers.get("location")).toBeNull();
  });

  it("keeps a sign-in without 'Keep me signed in' on session cookies through its refresh", async () => {
    const { email, password } = await createSignedInUser();
    const signIn = await loginRoute(
      jsonRequest("/api/auth/login", { body: { email, password, rememberMe: false } }),
    );
    const given = setCookies(signIn);
    const marker = Object.keys(given).find((name) => name.endsWith("dont_remember")) ?? "";
    expect(marker).not.toBe("");
    const response = await proxy(
      page("/dashboard", {
        refresh_token: given.refresh_token?.value ?? "",
        [marker]: given[marker]?.value ?? "",
      }),
    );
    expect(isPassThrough(response)).toBe(true);
    const refreshed = response.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith("refresh_token="));
    expect(refreshed).toBeDefined();
    expect(refreshed).not.toMatch(/Max-Age|Expires/i);
  });

  it("redirects to login and clears cookies when the refresh token is no good", async () => {
    const response = await proxy(page("/dashboard", { refresh_token: "revoked-or-made-up" }));
    expect(response.status).toBe(307);
    expect(
      response.headers.getSetCookie().some((cookie) => cookie.startsWith("refresh_token=;")),
    ).toBe(true);
  });

  it("signs a page request with two different access cookies out: to sign in, cookies cleared", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const conflicting = new NextRequest(new URL("/dashboard", APP), {
      headers: { cookie: `access_token=${alice.accessToken}; access_token=${bob.accessToken}` },
    });
    const response = await proxy(conflicting);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(`${APP}/login?next=%2Fdashboard`);
    const cleared = response.headers.getSetCookie();
    expect(cleared.some((cookie) => cookie.startsWith("access_token=;"))).toBe(true);
    expect(cleared.some((cookie) => cookie.startsWith("refresh_token=;"))).toBe(true);
    // The same token twice is one value, not a conflict.
    const twice = new NextRequest(new URL("/dashboard", APP), {
      headers: { cookie: `access_token=${alice.accessToken}; access_token=${alice.accessToken}` },
    });
    expect(isPassThrough(await proxy(twice))).toBe(true);
  });

  it("does not refresh with either of two different refresh cookies, and rotates neither", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const conflicting = new NextRequest(new URL("/dashboard", APP), {
      headers: { cookie: `refresh_token=${alice.refreshToken}; refresh_token=${bob.refreshToken}` },
    });
    const response = await proxy(conflicting);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/login\?next=/);
    // Neither token was presented to the refresh route: both still rotate normally.
    expect((await refreshWith(alice.refreshToken)).status).toBe(200);
    expect((await refreshWith(bob.refreshToken)).status).toBe(200);
    // On /login the page simply renders: nobody is signed in.
    const login = new NextRequest(new URL("/login", APP), {
      headers: { cookie: `access_token=${alice.accessToken}; access_token=${bob.accessToken}` },
    });
    expect(isPassThrough(await proxy(login))).toBe(true);
  });

  it("sends signed-in users from /login and /register to /dashboard", async () => {
    const alice = await createSignedInUser();
    for (const path of ["/login", "/register"]) {
      const response = await proxy(page(path, { access_token: alice.accessToken }));
      expect(new URL(response.headers.get("location") ?? "").pathname).toBe("/dashboard");
    }
    expect(isPassThrough(await proxy(page("/login")))).toBe(true);
  });

  it("sends a signed-in user on /login to its same-origin next, never to another site", async () => {
    const alice = await createSignedInUser();
    const target = async (next: string) => {
      const path = `/login?next=${encodeURIComponent(next)}`;
      const response = await proxy(page(path, { access_token: alice.accessToken }));
      return new URL(response.headers.get("location") ?? "");
    };
    for (const [next, lands] of SAFE_NEXT) {
      const location = await target(next);
      expect(`${location.origin}${location.pathname}${location.search}${location.hash}`).toBe(
        `${APP}${lands}`,
      );
    }
    for (const [label, next] of UNSAFE_NEXT) {
      const location = await target(next);
      expect(`${location.origin}${location.pathname}`, label).toBe(`${APP}/dashboard`);
    }
  });

  it("leaves the role to the admin page: no rewrite, and no refresh to learn a newer role", async () => {
    const member = await createSignedInUser();
    const cookies = { access_token: member.accessToken, refresh_token: member.refreshToken };
    for (let visit = 0; visit < 3; visit++) {
      const response = await proxy(page("/admin", cookies));
      expect(isPassThrough(response)).toBe(true);
      expect(response.headers.get("x-middleware-rewrite")).toBeNull();
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    // The refresh token was never used: it still rotates, as the only one of its family.
    expect((await refreshWith(member.refreshToken)).status).toBe(200);
  });

  it("clears the cookies only when the refresh answered 401, and keeps them on a 429", async () => {
    // 31 refreshes in one minute window, however slowly a loaded machine makes them.
    freezeClockMidMinute();
    const alice = await createSignedInUser();
    let token = alice.refreshToken;
    for (let i = 0; i < 30; i++) {
      token = setCookies(await refreshWith(token)).refresh_token?.value ?? "";
    }
    expect((await refreshWith(token)).status).toBe(429);

    const limited = await proxy(page("/dashboard", { refresh_token: token }));
    expect(limited.status).toBe(503);
    expect(limited.headers.get("retry-after")).toBe("5");
    expect(limited.headers.getSetCookie()).toEqual([]);
    expect(await limited.text()).toContain('http-equiv="refresh"');
    // A sign-in page is just shown, as to anyone signed out, cookies untouched.
    const guest = await proxy(page("/login", { refresh_token: token }));
    expect(isPassThrough(guest)).toBe(true);
    expect(guest.headers.getSetCookie()).toEqual([]);
  });

  it("refreshes in-process: no request to our own origin, even one that cannot be reached", async () => {
    const alice = await createSignedInUser();
    const unreachable = await serveRoutes({});
    await unreachable.close();
    const fetches = vi.spyOn(globalThis, "fetch");
    const { proxy: cutOff } = await importWithEnv(() => import("@/proxy"), {
      BETTER_AUTH_URL: unreachable.origin,
    });
    const response = await cutOff(page("/settings", { refresh_token: alice.refreshToken }));
    expect(isPassThrough(response)).toBe(true);
    expect(response.headers.get("x-middleware-request-cookie")).toMatch(/access_token=ey/);
    const urls = fetches.mock.calls.map(([input]) =>
      input instanceof Request ? input.url : String(input),
    );
    expect(urls.filter((url) => url.startsWith(unreachable.origin))).toEqual([]);
    // Rotated, as the refresh route rotates: the browser now holds the successor.
    const rotated = setCookies(response).refresh_token?.value;
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(alice.refreshToken);
  });

  it("does not trust a request carrying x-middleware-subrequest", async () => {
    const alice = await createSignedInUser();
    const response = await proxy(
      page(
        "/dashboard",
        { access_token: alice.accessToken },
        { "x-middleware-subrequest": "middleware" },
      ),
    );
    expect(response.status).toBe(307);
  });
});

describe("when the database is briefly away", () => {
  it("answers the page that retries by itself, keeps the cookies, and refreshes once it is back", async () => {
    const alice = await createSignedInUser();
    const { proxy: tcp, url: proxied } = await proxyDatabase(process.env.DATABASE_URL ?? "");
    await closeDb();
    try {
      const { proxy: behindCut } = await importWithEnv(() => import("@/proxy"), {
        DATABASE_URL: proxied,
        DATABASE_DRIVER: "pg",
      });
      const logged = captureConsole();
      tcp.cut();
      const during = await behindCut(page("/dashboard", { refresh_token: alice.refreshToken }));
      expect(during.status).toBe(503);
      expect(during.headers.get("retry-after")).toBe("5");
      expect(during.headers.getSetCookie()).toEqual([]);
      expect(await during.text()).toContain('http-equiv="refresh"');
      expect(logged.filter((line) => line.includes('"level":"error"'))).toEqual([
        expect.stringContaining('"event":"database_unavailable"'),
      ]);

      tcp.restore();
      const after = await behindCut(page("/dashboard", { refresh_token: alice.refreshToken }));
      expect(isPassThrough(after)).toBe(true);
    } finally {
      await closeDb();
      await tcp.close();
    }
  });
});

describe("Content-Security-Policy", () => {
  it("gives every page a fresh nonce, allows no inline script without it, and forbids framing", async () => {
    const first = (await proxy(page("/"))).headers.get("content-security-policy") ?? "";
    const second = (await proxy(page("/"))).headers.get("content-security-policy") ?? "";
    const nonce = first.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeDefined();
    expect(second).not.toContain(nonce);
    expect(first).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    expect(first).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(first).toContain("frame-ancestors 'none'");
  });

  it("gives every page request its own request id, for the page's error log, never the client's", async () => {
    const response = await proxy(page("/", {}, { "x-request-id": "chosen-by-client" }));
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-middleware-request-x-request-id")).toBe(id);
  });

  it("tells the page render its own address, path and query, never one the client chose", async () => {
    const address = "/login?next=%2Fdashboard%3Fq%3Dcaf%25C3%25A9&plan=a+b";
    const response = await proxy(page(address, {}, { [PAGE_ADDRESS_HEADER]: "//evil.example" }));
    expect(isPassThrough(response)).toBe(true);
    expect(response.headers.get(`x-middleware-request-${PAGE_ADDRESS_HEADER}`)).toBe(address);
  });

  it("hands the same policy to the page render, so Next.js can put the nonce on its scripts", async () => {
    // The sign-in pages too, which take the guest branch of the gate.
    for (const path of ["/", "/login", "/register"]) {
      const response = await proxy(page(path));
      expect(isPassThrough(response)).toBe(true);
      expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(
        response.headers.get("content-security-policy"),
      );
    }
  });
});
