import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as betterAuth } from "@/app/api/auth/[...all]/route";
import { POST as forgotPassword } from "@/app/api/auth/forgot-password/route";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { POST as resetPassword } from "@/app/api/auth/reset-password/route";
import { getDb } from "@/lib/db/client";
import { readOutbox } from "@/lib/email/outbox";
import { afterResponses } from "../support/after-response";
import { createSignedInUser } from "../support/auth";
import { captureConsole } from "../support/console";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp, uniqueEmail } from "../support/http";
import { freezeClockMidMinute } from "../support/isolation";
import { activityLabels } from "../support/security-activity";
import { TEST_OUTBOX } from "../support/setup";

const NEW_PASSWORD = "a brand new passphrase";

const forgot = (email: string, headers: Record<string, string> = {}) =>
  forgotPassword(jsonRequest("/api/auth/forgot-password", { body: { email }, headers }));

const reset = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  resetPassword(jsonRequest("/api/auth/reset-password", { body, headers }));

const signIn = async (email: string, password: string) =>
  (await login(jsonRequest("/api/auth/login", { body: { email, password } }))).status;

// Reset mails only: every sign-up also mails a verification link (email-verification.test.ts).
const mailTo = async (email: string) =>
  (await readOutbox(TEST_OUTBOX))
    .filter((message) => message.to === email && message.subject.includes("Reset"))
    .reverse();

/** The links mailed to `email`, oldest first, once `count` have arrived (mail leaves late). */
async function resetLinks(email: string, count = 1): Promise<URL[]> {
  return afterResponses(async () => {
    const messages = await mailTo(email);
    if (messages.length < count) throw new Error(`${messages.length} of ${count} messages`);
    return messages.map((message) => new URL(/https?:\/\/\S+/.exec(message.text)?.[0] ?? ""));
  });
}

async function resetTokenFor(email: string): Promise<string> {
  await forgot(email);
  const [link] = await resetLinks(email);
  return link?.searchParams.get("token") ?? "";
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("POST /api/auth/forgot-password", () => {
  it("answers the same 200 whether or not the account exists, and mails only the account", async () => {
    const { email } = await createSignedInUser();
    const nobody = uniqueEmail("nobody");
    const forUnknown = await forgot(nobody);
    const forKnown = await forgot(email);
    expect(forUnknown.status).toBe(200);
    expect(forKnown.status).toBe(200);
    expect(await forUnknown.text()).toBe(await forKnown.text());
    await resetLinks(email);
    expect(await mailTo(nobody)).toEqual([]);
  });

  it("answers before any database work, so a known email takes as long as an unknown one", async () => {
    const { email } = await createSignedInUser();
    const viaBetterAuth = (path: string) =>
      betterAuth(jsonRequest(`/api/auth/${path}`, { body: { email } }));
    // While the account tables are locked, a lookup would wait: the answers must not.
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`lock table "user", "verification" in access exclusive mode`);
      for (const answer of [
        await forgot(email),
        await forgot(uniqueEmail("nobody")),
        await viaBetterAuth("request-password-reset"),
        await viaBetterAuth("send-verification-email"),
      ]) {
        expect(answer.status).toBe(200);
      }
    });
    // Then the work runs: the sign-up's verification mail and two more (3 an hour, at most).
    await afterResponses(async () => {
      const sent = (await readOutbox(TEST_OUTBOX)).filter((message) => message.to === email);
      expect(sent).toHaveLength(3);
    });
  });

  it("builds the link from BETTER_AUTH_URL, whatever host the request names", async () => {
    const { email } = await createSignedInUser();
    const response = await forgotPassword(
      new Request("http://evil.example/api/auth/forgot-password", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: TEST_ORIGIN,
          "x-forwarded-host": "evil.example",
          "x-real-ip": uniqueClientIp(),
        },
        body: JSON.stringify({ email }),
      }),
    );
    expect(response.status).toBe(200);
    const [link] = await resetLinks(email);
    expect(link?.origin).toBe(TEST_ORIGIN);
    expect(link?.pathname).toBe("/reset-password");
    expect(link?.searchParams.get("token")).toMatch(/^\w{20,}$/);
  });

  it("allows 5 requests a minute per client IP, Better Auth's own endpoint included", async () => {
    const ip = { "x-real-ip": uniqueClientIp() };
    for (let i = 0; i < 4; i++) expect((await forgot(uniqueEmail(), ip)).status).toBe(200);
    const viaBetterAuth = () =>
      betterAuth(
        jsonRequest("/api/auth/request-password-reset", {
          body: { email: uniqueEmail() },
          headers: ip,
        }),
      );
    expect((await viaBetterAuth()).status).toBe(200);
    expect((await forgot(uniqueEmail(), ip)).status).toBe(429);
    expect((await viaBetterAuth()).status).toBe(429);
  });
});

describe("POST /api/auth/reset-password", () => {
  it("sets the new password once; a second use of the link fails and changes nothing", async () => {
    const { email, password, user } = await createSignedInUser();
    const token = await resetTokenFor(email);
    const done = await reset({ token, password: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(await signIn(email, NEW_PASSWORD)).toBe(200);
    expect(await signIn(email, password)).toBe(401);

    const again = await reset({ token, password: "yet another passphrase" });
    expect(again.status).toBe(400);
    expect((await again.json()).error.code).toBe("invalid_token");
    expect(await signIn(email, "yet another passphrase")).toBe(401);
    expect(await signIn(email, NEW_PASSWORD)).toBe(200);
    // Settings → Security activity shows the reset once: the refused second use wrote nothing.
    expect(await activityLabels(user.id)).toEqual(["Password changed with a reset link"]);
  });

  it("ends every session and refresh family of the user", async () => {
    const alice = await createSignedInUser();
    const second = await login(
      jsonRequest("/api/auth/login", { body: { email: alice.email, password: alice.password } }),
    );
    const secondRefresh = (await second.json()).refresh_token as string;
    expect(
      await reset({ token: await resetTokenFor(alice.email), password: NEW_PASSWORD }),
    ).toHaveProperty("status", 200);

    const whoAmI = await me(jsonRequest("/api/auth/me", { method: "GET", headers: alice.headers }));
    expect(whoAmI.status).toBe(401);
    for (const refreshToken of [alice.refreshToken, secondRefresh]) {
      const response = await refresh(
        jsonRequest("/api/auth/refresh", { body: { refresh_token: refreshToken } }),
      );
      expect(response.status).toBe(401);
    }
  });

  // Each account gets 3 mails an hour (email-verification.test.ts): its verification and 2 resets.
  async function twoResetLinks(minutesApart: number): Promise<[string, string]> {
    const { email } = await createSignedInUser();
    await forgot(email);
    await resetLinks(email, 1);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + minutesApart * 60_000);
    await forgot(email);
    const [older, newer] = await resetLinks(email, 2);
    const tokens = [older, newer].map((link) => link?.searchParams.get("token") ?? "");
    expect(tokens[0]).not.toBe(tokens[1]);
    return [tokens[0] ?? "", tokens[1] ?? ""];
  }

  it("invalidates an older link when a newer one is requested", async () => {
    const [olderToken, newerToken] = await twoResetLinks(11);
    expect((await reset({ token: olderToken, password: NEW_PASSWORD })).status).toBe(400);
    expect((await reset({ token: newerToken, password: NEW_PASSWORD })).status).toBe(200);
  });

  it("keeps a link younger than 10 minutes working when a newer one is requested", async () => {
    const [olderToken, newerToken] = await twoResetLinks(9);
    expect((await reset({ token: olderToken, password: NEW_PASSWORD })).status).toBe(200);
    // Once one link was used, the others stop working.
    expect((await reset({ token: newerToken, password: NEW_PASSWORD })).status).toBe(400);
  });

  it("refuses a link older than an hour", async () => {
    const { email, password } = await createSignedInUser();
    const token = await resetTokenFor(email);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61 * 60_000);
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(400);
    vi.useRealTimers();
    expect(await signIn(email, password)).toBe(200);
  });

  it("accepts Better Auth's own field name, newPassword", async () => {
    const { email } = await createSignedInUser();
    const token = await resetTokenFor(email);
    expect((await reset({ token, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect(await signIn(email, NEW_PASSWORD)).toBe(200);
  });

  it("refuses a short password or a missing one with field errors, keeping the link usable", async () => {
    const { email } = await createSignedInUser();
    const token = await resetTokenFor(email);
    const short = await reset({ token, password: "short" });
    expect(short.status).toBe(400);
    expect(Object.keys((await short.json()).error.fields)).toContain("password");
    expect((await reset({ token })).status).toBe(400);
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);
  });

  it("lets an account locked out of sign-in reset its password", async () => {
    // Mid-minute: 5 sign-ins (~0.3 s each) straddling a window edge would count as fewer.
    freezeClockMidMinute();
    const { email } = await createSignedInUser();
    for (let i = 0; i < 5; i++) await signIn(email, "a wrong guess");
    expect(await signIn(email, "a wrong guess")).toBe(429);
    const token = await resetTokenFor(email);
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);
  });

  it("allows 5 attempts a minute per client IP", async () => {
    freezeClockMidMinute();
    const ip = { "x-real-ip": uniqueClientIp() };
    for (let i = 0; i < 5; i++) {
      expect((await reset({ token: `guess-${i}`, password: NEW_PASSWORD }, ip)).status).toBe(400);
    }
    expect((await reset({ token: "guess-5", password: NEW_PASSWORD }, ip)).status).toBe(429);
  });

  it("never logs the link, its token or the new password", async () => {
    const lines = captureConsole();
    const { email } = await createSignedInUser();
    await forgot(email);
    const [link] = await resetLinks(email);
    const token = link?.searchParams.get("token") ?? "";
    await reset({ token, password: NEW_PASSWORD });
    await reset({ token, password: NEW_PASSWORD });
    await betterAuth(
      jsonRequest(`/api/auth/reset-password/${token}?callbackURL=/x`, { method: "GET" }),
    );
    const output = lines.join("\n");
    expect(output).toContain('"event":"request"');
    for (const secret of [token, NEW_PASSWORD, String(link)]) expect(output).not.toContain(secret);
  });
});

describe("a reset and the sign-in limit", () => {
  it("clears the account's counter: guesses by others no longer lock out the owner", async () => {
    freezeClockMidMinute();
    const alice = await createSignedInUser();
    for (let guess = 0; guess < 5; guess++)
      expect(await signIn(alice.email, `guess ${guess}`)).toBe(401);
    expect(await signIn(alice.email, alice.password)).toBe(429);
    const response = await reset({
      token: await resetTokenFor(alice.email),
      password: NEW_PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(await signIn(alice.email, NEW_PASSWORD)).toBe(200);
  });
});
