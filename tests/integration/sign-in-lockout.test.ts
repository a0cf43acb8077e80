// Lockout-proof sign-in limits (device cookies) and the credential-cookie rules: the cookie wins
// over a Bearer header, and two values for one credential cookie sign nobody in.
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as betterAuth } from "@/app/api/auth/[...all]/route";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { cookieNames } from "@/lib/auth/tokens/cookies";
import { createSignedInUser, setCookies } from "../support/auth";
import { jsonRequest, uniqueClientIp } from "../support/http";
import { freezeClockMidMinute } from "../support/isolation";

afterEach(() => vi.useRealTimers());

const attempt = (email: string, password: string, cookie?: string) =>
  login(
    jsonRequest("/api/auth/login", {
      body: { email, password },
      headers: { "x-real-ip": uniqueClientIp(), ...(cookie && { cookie }) },
    }),
  );

/** The device cookie a successful sign-in leaves, ready to send. */
async function deviceOf(email: string, password: string): Promise<string> {
  const response = await attempt(email, password);
  expect(response.status).toBe(200);
  const device = setCookies(response)[cookieNames().device];
  expect(device?.attributes).toMatch(/HttpOnly/);
  expect(device?.attributes).toMatch(/Path=\/;/);
  return `${cookieNames().device}=${device?.value}`;
}

describe("device cookies", () => {
  it("keeps the owner's browser signing in while guesses from elsewhere are refused", async () => {
    freezeClockMidMinute();
    const owner = await createSignedInUser();
    const home = await deviceOf(owner.email, owner.password);
    // The sign-in that gave the device its cookie was the first of five attempts this minute.
    for (let guess = 0; guess < 4; guess++) {
      expect((await attempt(owner.email, `guess ${guess}`)).status).toBe(401);
    }
    expect((await attempt(owner.email, owner.password)).status).toBe(429);
    expect((await attempt(owner.email, owner.password, home)).status).toBe(200);
    // Through Better Auth's own sign-in as well: the same rule for every password check.
    const viaBetterAuth = await betterAuth(
      jsonRequest("/api/auth/sign-in/email", {
        body: { email: owner.email, password: owner.password },
        headers: { cookie: home, "x-real-ip": uniqueClientIp() },
      }),
    );
    expect(viaBetterAuth.status).toBe(200);
  });

  it("limits a trusted device too, in a bucket of its own", async () => {
    freezeClockMidMinute();
    const owner = await createSignedInUser();
    const home = await deviceOf(owner.email, owner.password);
    for (let guess = 0; guess < 10; guess++) {
      expect((await attempt(owner.email, `typo ${guess}`, home)).status).toBe(401);
    }
    expect((await attempt(owner.email, owner.password, home)).status).toBe(429);
    // The account's own bucket was not touched by the trusted device's attempts.
    expect((await attempt(owner.email, owner.password)).status).toBe(200);
  });

  it("does not trust a device cookie that was tampered with or belongs to another account", async () => {
    freezeClockMidMinute();
    const owner = await createSignedInUser();
    const other = await createSignedInUser();
    const home = await deviceOf(owner.email, owner.password);
    const othersDevice = await deviceOf(other.email, other.password);
    // The second-to-last character: the last one of a 32-byte MAC in base64url also holds padding
    // bits, so changing it may decode to the same bytes.
    const flipped = home.at(-2) === "A" ? "B" : "A";
    const tampered = `${home.slice(0, -2)}${flipped}${home.slice(-1)}`;
    expect(tampered).not.toBe(home);
    for (let guess = 0; guess < 4; guess++) {
      expect((await attempt(owner.email, `guess ${guess}`)).status).toBe(401);
    }
    expect((await attempt(owner.email, owner.password, tampered)).status).toBe(429);
    expect((await attempt(owner.email, owner.password, othersDevice)).status).toBe(429);
    expect(
      (await attempt(owner.email, owner.password, `${cookieNames().device}=garbage`)).status,
    ).toBe(429);
  });

  it("still trusts the owner's device cookie when another one was planted beside it", async () => {
    freezeClockMidMinute();
    const owner = await createSignedInUser();
    const other = await createSignedInUser();
    const home = await deviceOf(owner.email, owner.password);
    const othersDevice = await deviceOf(other.email, other.password);
    for (let guess = 0; guess < 4; guess++) {
      expect((await attempt(owner.email, `guess ${guess}`)).status).toBe(401);
    }
    // Whichever value a parser would pick, the valid one for this account counts.
    for (const cookie of [`${othersDevice}; ${home}`, `${home}; ${othersDevice}`]) {
      expect((await attempt(owner.email, owner.password, cookie)).status).toBe(200);
    }
  });
});

describe("whose counter a sign-in spends", () => {
  it("counts guesses at an account against that account, whatever account the caller is signed in to", async () => {
    freezeClockMidMinute();
    const victim = await createSignedInUser();
    const attacker = await createSignedInUser();
    // The attacker's own account gives them access tokens and as many device cookies as they like.
    const own = [];
    for (let browser = 0; browser < 3; browser++) {
      const signedIn = await attempt(attacker.email, attacker.password);
      const cookies = setCookies(signedIn);
      own.push(
        [cookieNames().access, cookieNames().device]
          .map((name) => `${name}=${cookies[name]?.value}`)
          .join("; "),
      );
    }
    const guess = (password: string, cookie: string) =>
      betterAuth(
        jsonRequest("/api/auth/sign-in/email", {
          body: { email: victim.email, password },
          headers: { cookie, "x-real-ip": uniqueClientIp() },
        }),
      );
    const answers = [];
    for (const cookie of own) {
      for (let round = 0; round < 3; round++) answers.push((await guess("a guess", cookie)).status);
    }
    expect(answers.filter((status) => status === 401)).toHaveLength(5);
    expect(answers.slice(5).every((status) => status === 429)).toBe(true);
    expect((await guess(victim.password, own[0] ?? "")).status).toBe(429);
  });
});

describe("credential cookies", () => {
  it("refuses a request with two different access cookies (401), even with a Bearer header", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const response = await me(
      jsonRequest("/api/auth/me", {
        method: "GET",
        headers: {
          cookie: `access_token=${alice.accessToken}; access_token=${bob.accessToken}`,
          authorization: `Bearer ${alice.accessToken}`,
        },
      }),
    );
    expect(response.status).toBe(401);
    const same = await me(
      jsonRequest("/api/auth/me", {
        method: "GET",
        headers: { cookie: `access_token=${alice.accessToken}; access_token=${alice.accessToken}` },
      }),
    );
    expect(same.status).toBe(200);
  });

  it("refuses a refresh with two different refresh cookies", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const response = await refresh(
      jsonRequest("/api/auth/refresh", {
        headers: {
          cookie: `refresh_token=${alice.refreshToken}; refresh_token=${bob.refreshToken}`,
        },
      }),
    );
    expect(response.status).toBe(401);
  });

  it("answers a browser's refresh with the new refresh token in the cookie only", async () => {
    const alice = await createSignedInUser();
    const byCookie = await refresh(
      jsonRequest("/api/auth/refresh", {
        headers: { cookie: `refresh_token=${alice.refreshToken}` },
      }),
    );
    expect(byCookie.status).toBe(200);
    const body = await byCookie.json();
    expect(body.refresh_token).toBeUndefined();
    expect(body.access_token).toEqual(expect.any(String));
    const successor = setCookies(byCookie).refresh_token?.value ?? "";
    expect(successor).not.toBe("");
    const byBody = await refresh(
      jsonRequest("/api/auth/refresh", { body: { refresh_token: successor } }),
    );
    expect((await byBody.json()).refresh_token).toEqual(expect.any(String));
  });

  it("answers 401 to an empty refresh without a cookie, with or without a content type", async () => {
    const contentTypes: Record<string, string>[] = [
      {},
      { "content-type": "text/plain" },
      { "content-type": "application/json" },
    ];
    for (const headers of contentTypes) {
      const response = await refresh(
        new Request("http://localhost:3000/api/auth/refresh", {
          method: "POST",
          headers,
          body: "",
        }),
      );
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("invalid_refresh_token");
    }
  });
});
