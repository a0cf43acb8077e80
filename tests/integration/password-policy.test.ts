import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as betterAuth } from "@/app/api/auth/[...all]/route";
import { POST as register } from "@/app/api/auth/register/route";
import { POST as resetPassword } from "@/app/api/auth/reset-password/route";
import { PASSWORD_MESSAGES } from "@/lib/auth/fields/password-rules";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { captureConsole } from "../support/console";
import { jsonRequest, uniqueClientIp, uniqueEmail } from "../support/http";
import { freezeClockMidMinute, importWithEnv, restoreEnv } from "../support/isolation";

// NIST SP 800-63B: a new password is checked against commonly used ones, everywhere one is
// chosen. The real handlers, ours and Better Auth's behind the front door.

const WEAK = [
  ["password", PASSWORD_MESSAGES.common],
  ["12345678", PASSWORD_MESSAGES.sequential],
  ["aaaaaaaa", PASSWORD_MESSAGES.repetitive],
  ["Pass Word 1", PASSWORD_MESSAGES.common],
  ["abcabcabc", PASSWORD_MESSAGES.repetitive],
] as const;

const viaOurRegister = (password: string, ip = uniqueClientIp()) =>
  register(
    jsonRequest("/api/auth/register", {
      body: { email: uniqueEmail("weak"), password },
      headers: { "x-real-ip": ip },
    }),
  );

const viaBetterAuthSignUp = (password: string, ip = uniqueClientIp()) =>
  betterAuth(
    jsonRequest("/api/auth/sign-up/email", {
      body: { email: uniqueEmail("weak"), password, name: "Weak" },
      headers: { "x-real-ip": ip },
    }),
  );

const changePassword = (cookie: string, currentPassword: string, newPassword: string) =>
  betterAuth(
    jsonRequest("/api/auth/change-password", {
      body: { currentPassword, newPassword },
      headers: { cookie },
    }),
  );

const viaReset = (password: string) =>
  resetPassword(
    jsonRequest("/api/auth/reset-password", { body: { token: "a".repeat(24), password } }),
  );

async function expectRefused(response: Response, field: string, message: string) {
  expect(response.status).toBe(400);
  const { error } = await response.json();
  expect(error.code).toBe("validation_error");
  expect(error.fields[field]).toEqual([message]);
}

beforeEach(freezeClockMidMinute);
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  restoreEnv();
});

describe("weak new passwords", () => {
  it.each(WEAK)("refuses %j at sign-up, ours and Better Auth's", async (password, message) => {
    await expectRefused(await viaOurRegister(password), "password", message);
    await expectRefused(await viaBetterAuthSignUp(password), "password", message);
  });

  it.each(WEAK)("refuses %j as the new password of a reset", async (password, message) => {
    await expectRefused(await viaReset(password), "password", message);
  });

  it("refuses a common or repetitive new password at change-password, and the old one stays", async () => {
    const alice = await createSignedInUser();
    await expectRefused(
      await changePassword(alice.cookie, alice.password, "qwertyuiop"),
      "newPassword",
      PASSWORD_MESSAGES.common,
    );
    await expectRefused(
      await changePassword(alice.cookie, alice.password, "zzzzzzzzzz"),
      "newPassword",
      PASSWORD_MESSAGES.repetitive,
    );
    expect((await changePassword(alice.cookie, alice.password, "a fresh passphrase")).status).toBe(
      200,
    );
  });

  it("refuses a new password equal to the current one", async () => {
    const alice = await createSignedInUser();
    await expectRefused(
      await changePassword(alice.cookie, alice.password, alice.password),
      "newPassword",
      PASSWORD_MESSAGES.sameAsCurrent,
    );
  });

  it("accepts a long passphrase of common words", async () => {
    expect((await viaOurRegister(TEST_PASSWORD)).status).toBe(201);
    expect((await viaBetterAuthSignUp("purple elephant dances quietly")).status).toBe(200);
  });
});

describe("sign-ups refused by validation and the per-IP limit", () => {
  it("does not count a 400 against register-ip on either sign-up route", async () => {
    const ip = uniqueClientIp();
    for (let i = 0; i < 6; i++) expect((await viaOurRegister("password", ip)).status).toBe(400);
    for (let i = 0; i < 6; i++) expect((await viaBetterAuthSignUp("short", ip)).status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await viaOurRegister(TEST_PASSWORD, ip)).status).toBe(201);
    expect((await viaOurRegister(TEST_PASSWORD, ip)).status).toBe(429);
  });
});

/**
 * A stand-in for Have I Been Pwned's range API on a real local HTTP server: it knows one
 * breached password, pads its answers as the real one does with Add-Padding, and records the
 * prefixes it was asked for (never more than five hex digits leave the app).
 */
const BREACHED = "monkey business 77";
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex").toUpperCase();

let rangeApi: Server;
let rangeUrl: string;
const asked: string[] = [];
let delayMs = 0;

beforeAll(async () => {
  rangeApi = createServer((request, response) => {
    const prefix = /\/range\/([0-9A-F]{5})$/i.exec(request.url ?? "")?.[1]?.toUpperCase();
    if (!prefix) {
      response.writeHead(404).end();
      return;
    }
    asked.push(`${prefix} padding=${request.headers["add-padding"]}`);
    const breached = sha1(BREACHED);
    const rows = ["0018A45C4D1DEF81644B54AB7F969B88D65:1", "00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0"];
    if (breached.startsWith(prefix)) rows.push(`${breached.slice(5)}:3861`);
    setTimeout(() => response.writeHead(200).end(rows.join("\r\n")), delayMs);
  });
  await new Promise<void>((resolve) => rangeApi.listen(0, "127.0.0.1", resolve));
  rangeUrl = `http://127.0.0.1:${(rangeApi.address() as AddressInfo).port}/range/`;
});
afterAll(() => new Promise<void>((resolve) => rangeApi.close(() => resolve())));
beforeEach(() => {
  asked.length = 0;
  delayMs = 0;
});

const withBreachCheck = (env: Record<string, string> = {}) =>
  importWithEnv(
    async () => ({
      register: (await import("@/app/api/auth/register/route")).POST,
      betterAuth: (await import("@/app/api/auth/[...all]/route")).POST,
      resetPassword: (await import("@/app/api/auth/reset-password/route")).POST,
    }),
    { PASSWORD_BREACH_CHECK: "hibp", PASSWORD_BREACH_CHECK_URL: rangeUrl, ...env },
  );

describe("PASSWORD_BREACH_CHECK=hibp", () => {
  it("refuses a breached password at sign-up, change and reset, sending only a 5-digit prefix", async () => {
    const routes = await withBreachCheck();
    const signUp = await routes.register(
      jsonRequest("/api/auth/register", {
        body: { email: uniqueEmail("pwned"), password: BREACHED },
      }),
    );
    await expectRefused(signUp, "password", PASSWORD_MESSAGES.breached);
    const baSignUp = await routes.betterAuth(
      jsonRequest("/api/auth/sign-up/email", {
        body: { email: uniqueEmail("pwned"), password: BREACHED, name: "P" },
      }),
    );
    await expectRefused(baSignUp, "password", PASSWORD_MESSAGES.breached);
    const reset = await routes.resetPassword(
      jsonRequest("/api/auth/reset-password", {
        body: { token: "b".repeat(24), password: BREACHED },
      }),
    );
    await expectRefused(reset, "password", PASSWORD_MESSAGES.breached);

    const ok = await routes.register(
      jsonRequest("/api/auth/register", {
        body: { email: uniqueEmail("fine"), password: TEST_PASSWORD },
      }),
    );
    expect(ok.status).toBe(201);
    const cookie = ok.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .join("; ");
    const change = await routes.betterAuth(
      jsonRequest("/api/auth/change-password", {
        body: { currentPassword: TEST_PASSWORD, newPassword: BREACHED },
        headers: { cookie },
      }),
    );
    await expectRefused(change, "newPassword", PASSWORD_MESSAGES.breached);
    const prefix = sha1(BREACHED).slice(0, 5);
    expect(asked).toEqual([
      ...Array(3).fill(`${prefix} padding=true`),
      `${sha1(TEST_PASSWORD).slice(0, 5)} padding=true`,
      `${prefix} padding=true`,
    ]);
  });

  it("accepts the password, with a warning, when the service does not answer in time", async () => {
    delayMs = 1_000;
    const routes = await withBreachCheck({ PASSWORD_BREACH_CHECK_TIMEOUT_MS: "100" });
    const printed = captureConsole();
    const startedAt = Date.now();
    const response = await routes.register(
      jsonRequest("/api/auth/register", {
        body: { email: uniqueEmail("slow"), password: BREACHED },
      }),
    );
    expect(response.status).toBe(201);
    expect(Date.now() - startedAt).toBeLessThan(900);
    expect(printed.join("\n")).toContain("password_breach_check_unavailable");
    expect(printed.join("\n")).not.toContain(sha1(BREACHED).slice(0, 5));
  });

  it("accepts the password when the service is unreachable", async () => {
    const routes = await withBreachCheck({
      PASSWORD_BREACH_CHECK_URL: "http://127.0.0.1:9/range/",
    });
    captureConsole();
    const response = await routes.register(
      jsonRequest("/api/auth/register", {
        body: { email: uniqueEmail("down"), password: BREACHED },
      }),
    );
    expect(response.status).toBe(201);
  });
});
