import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as betterAuthGet, POST as betterAuthPost } from "@/app/api/auth/[...all]/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { POST as register } from "@/app/api/auth/register/route";
import { captureConsole } from "../support/console";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp, uniqueEmail } from "../support/http";

// Feeds passwords, tokens and cookies through every auth endpoint, the failing paths (401, 403,
// 429) included, and searches everything written to the console for them.

const cookiesOf = (response: Response) =>
  Object.fromEntries(
    response.headers.getSetCookie().map((cookie) => {
      const [pair = ""] = cookie.split(";");
      return [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
    }),
  );

afterEach(() => vi.restoreAllMocks());

describe("logs never contain credentials", () => {
  it("keeps passwords, tokens and cookies out of every auth endpoint's log output", async () => {
    const lines = captureConsole();
    const email = uniqueEmail("secrets");
    const password = "pw-Secret-Log-Probe-1234";
    const ip = uniqueClientIp();
    const secrets: string[] = [password];

    const registered = await register(
      jsonRequest("/api/auth/register", {
        body: { email, password },
        headers: { "x-real-ip": ip },
      }),
    );
    expect(registered.status).toBe(201);
    const { access_token: access, refresh_token: refreshToken } = cookiesOf(registered);
    secrets.push(String(access), String(refreshToken));
    const cookie = `access_token=${access}; refresh_token=${refreshToken}`;

    const form = new Request(`${TEST_ORIGIN}/api/auth/login?password=${password}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: TEST_ORIGIN },
      body: new URLSearchParams({ username: email, password }),
    });
    const calls: Promise<Response>[] = [
      login(form),
      login(jsonRequest("/api/auth/login", { body: { email, password: `${password}-wrong` } })),
      me(
        jsonRequest("/api/auth/me", {
          method: "GET",
          headers: { authorization: `Bearer ${access}` },
        }),
      ),
      me(jsonRequest(`/api/auth/me?token=${access}`, { method: "GET", headers: { cookie } })),
      betterAuthGet(jsonRequest("/api/auth/get-session", { method: "GET", headers: { cookie } })),
      betterAuthPost(jsonRequest("/api/auth/sign-in/email", { body: { email, password } })),
      betterAuthPost(
        jsonRequest("/api/auth/sign-in/email", {
          body: { email, password },
          headers: { origin: "https://evil.example", cookie },
        }),
      ),
    ];
    for (const call of calls) await call;
    for (let i = 0; i < 6; i++) {
      await login(jsonRequest("/api/auth/login", { body: { email, password: `${password}${i}` } }));
    }
    const rotated = await refresh(
      jsonRequest("/api/auth/refresh", { body: { refresh_token: refreshToken } }),
    );
    secrets.push(String((await rotated.json()).refresh_token));
    await logout(jsonRequest("/api/auth/logout", { headers: { cookie } }));

    const output = lines.join("\n");
    const requestLines = lines.filter((line) => line.includes('"event":"request"'));
    expect(requestLines.length).toBeGreaterThanOrEqual(calls.length + 6 + 3);
    expect(output).toContain('"status":429');
    expect(output).toContain('"status":403');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      expect(output).not.toContain(secret);
    }
  });
});
