import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as deleteAccount } from "@/app/api/auth/delete-account/route";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { GET as sessionEnded } from "@/app/api/auth/session-ended/route";
import { DELETE as revokeSession } from "@/app/api/auth/sessions/[id]/route";
import { POST as revokeOthers } from "@/app/api/auth/sessions/revoke-others/route";
import { GET as listSessions } from "@/app/api/auth/sessions/route";
import { getDb } from "@/lib/db/client";
import { account, session, tasks, user } from "@/lib/db/schema";
import { createSignedInUser, setCookies, TEST_PASSWORD } from "../support/auth";
import { grantExists, insertClient, insertGrant } from "../support/grants";
import { jsonRequest } from "../support/http";
import { freezeClockMidMinute } from "../support/isolation";
import { UNSAFE_NEXT } from "../support/unsafe-next";

afterEach(() => {
  vi.useRealTimers();
});

const LAPTOP_IP = "203.0.113.7";
const FIREFOX_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** A second sign-in of the same account, from another device: its own session and tokens. */
async function signInAgain(email: string, userAgent = FIREFOX_ON_WINDOWS) {
  const response = await login(
    jsonRequest("/api/auth/login", {
      body: { email, password: TEST_PASSWORD },
      headers: { "user-agent": userAgent, "x-real-ip": LAPTOP_IP },
    }),
  );
  expect(response.status).toBe(200);
  const { access_token: accessToken, refresh_token: refreshToken } = await response.json();
  return { accessToken, refreshToken, cookie: `access_token=${accessToken}` };
}

type Listed = {
  id: string;
  device: string;
  ipAddress: string | null;
  current: boolean;
  lastUsedAt: string;
};

async function sessionsSeenBy(cookie: string): Promise<Listed[]> {
  const response = await listSessions(
    jsonRequest("/api/auth/sessions", { method: "GET", headers: { cookie } }),
  );
  expect(response.status).toBe(200);
  return (await response.json()).sessions;
}

const revoke = (id: string, cookie: string) =>
  revokeSession(
    jsonRequest(`/api/auth/sessions/${id}`, { method: "DELETE", headers: { cookie } }),
    { params: Promise.resolve({ id }) },
  );

const meStatus = async (cookie: string) =>
  (await me(jsonRequest("/api/auth/me", { method: "GET", headers: { cookie } }))).status;

const refreshStatus = async (token: string) =>
  (await refresh(jsonRequest("/api/auth/refresh", { body: { refresh_token: token } }))).status;

describe("GET /api/auth/sessions", () => {
  it("lists the caller's sessions with device and current flag, and never a token", async () => {
    const alice = await createSignedInUser();
    await signInAgain(alice.email);
    const response = await listSessions(
      jsonRequest("/api/auth/sessions", { method: "GET", headers: { cookie: alice.cookie } }),
    );
    const text = await response.text();
    const { sessions } = JSON.parse(text) as { sessions: Listed[] };
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((listed) => listed.current)).toHaveLength(1);
    // "This device" first, though the laptop signed in after it.
    expect(sessions[0]?.current).toBe(true);
    const laptop = sessions.find((listed) => !listed.current);
    expect(laptop).toMatchObject({ device: "Firefox on Windows", ipAddress: LAPTOP_IP });
    expect(Object.keys(sessions[0] ?? {}).sort()).toEqual([
      "createdAt",
      "current",
      "device",
      "id",
      "ipAddress",
      "lastUsedAt",
      "userAgent",
    ]);
    const stored = await getDb().select().from(session).where(eq(session.userId, alice.user.id));
    for (const row of stored) expect(text).not.toContain(row.token);
    expect(text).not.toContain(alice.refreshToken);
  });

  it("shows no one else's sessions", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const seenByAlice = await sessionsSeenBy(alice.cookie);
    const bobs = await sessionsSeenBy(bob.cookie);
    expect(seenByAlice.map((listed) => listed.id)).not.toContain(bobs[0]?.id);
  });

  it("moves a session's last use forward when its refresh token rotates", async () => {
    const alice = await createSignedInUser();
    await getDb()
      .update(session)
      .set({ updatedAt: sql`now() - interval '1 day'` })
      .where(eq(session.userId, alice.user.id));
    const [before] = await sessionsSeenBy(alice.cookie);
    expect(await refreshStatus(alice.refreshToken)).toBe(200);
    const [after] = await sessionsSeenBy(alice.cookie);
    expect(Date.parse(after?.lastUsedAt ?? "")).toBeGreaterThan(
      Date.parse(before?.lastUsedAt ?? "") + 60_000,
    );
  });

  it("answers 401 without a token", async () => {
    const response = await listSessions(jsonRequest("/api/auth/sessions", { method: "GET" }));
    expect(response.status).toBe(401);
  });
});

describe("DELETE /api/auth/sessions/:id", () => {
  it("ends another device's session: its access and refresh tokens stop working", async () => {
    const alice = await createSignedInUser();
    const laptop = await signInAgain(alice.email);
    const other = (await sessionsSeenBy(alice.cookie)).find((listed) => !listed.current);
    const response = await revoke(other?.id ?? "", alice.cookie);
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await meStatus(laptop.cookie)).toBe(401);
    expect(await refreshStatus(laptop.refreshToken)).toBe(401);
    expect(await meStatus(alice.cookie)).toBe(200);
  });

  it("answers 404 for another user's session and leaves it alive", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const [bobs] = await sessionsSeenBy(bob.cookie);
    const response = await revoke(bobs?.id ?? "", alice.cookie);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
    expect(await meStatus(bob.cookie)).toBe(200);
  });

  it("signs this browser out when it revokes its own session", async () => {
    const alice = await createSignedInUser();
    const [current] = await sessionsSeenBy(alice.cookie);
    const response = await revoke(current?.id ?? "", alice.cookie);
    expect(response.status).toBe(204);
    expect(setCookies(response).access_token?.attributes).toContain("Max-Age=0");
    expect(await meStatus(alice.cookie)).toBe(401);
  });
});

describe("POST /api/auth/sessions/revoke-others", () => {
  it("ends every session but the caller's", async () => {
    const alice = await createSignedInUser();
    const phone = await signInAgain(alice.email);
    const laptop = await signInAgain(alice.email);
    const bob = await createSignedInUser();
    const response = await revokeOthers(
      jsonRequest("/api/auth/sessions/revoke-others", { headers: { cookie: alice.cookie } }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ revoked: 2 });
    expect(await meStatus(phone.cookie)).toBe(401);
    expect(await meStatus(laptop.cookie)).toBe(401);
    expect(await meStatus(alice.cookie)).toBe(200);
    expect(await meStatus(bob.cookie)).toBe(200);
    expect(await sessionsSeenBy(alice.cookie)).toHaveLength(1);
  });
});

describe("grants to apps, beside the person's own sessions", () => {
  it("are neither listed, nor ended one by one, nor signed out with the others", async () => {
    const alice = await createSignedInUser();
    const phone = await signInAgain(alice.email);
    const grant = await insertGrant(alice.user.id, (await insertClient()).id);

    const listed = await sessionsSeenBy(alice.cookie);
    expect(listed).toHaveLength(2);
    expect(listed.map((seen) => seen.id)).not.toContain(grant.id);
    expect((await revoke(grant.id, alice.cookie)).status).toBe(404);
    expect(await grantExists(grant.id)).toBe(true);

    const response = await revokeOthers(
      jsonRequest("/api/auth/sessions/revoke-others", { headers: { cookie: alice.cookie } }),
    );
    expect(await response.json()).toEqual({ revoked: 1 });
    expect(await meStatus(phone.cookie)).toBe(401);
    expect(await grantExists(grant.id)).toBe(true);
  });
});

describe("POST /api/auth/delete-account", () => {
  const remove = (cookie: string, body: unknown) =>
    deleteAccount(jsonRequest("/api/auth/delete-account", { body, headers: { cookie } }));

  it("refuses a wrong password with a field error and deletes nothing", async () => {
    const alice = await createSignedInUser();
    const response = await remove(alice.cookie, { password: "not my password" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields.password).toEqual(["Incorrect password"]);
    expect(await meStatus(alice.cookie)).toBe(200);
  });

  it("requires the password field", async () => {
    const alice = await createSignedInUser();
    const response = await remove(alice.cookie, {});
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields.password).toBeDefined();
  });

  it("counts password guesses with the account's sign-in attempts: the sixth in a minute is a 429", async () => {
    freezeClockMidMinute();
    const alice = await createSignedInUser();
    for (let guess = 1; guess <= 5; guess += 1) {
      expect((await remove(alice.cookie, { password: `guess ${guess}` })).status).toBe(400);
    }
    const limited = await remove(alice.cookie, { password: TEST_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await meStatus(alice.cookie)).toBe(200);
  });

  it("deletes the user with its tasks, sessions and credentials, and clears the cookies", async () => {
    const alice = await createSignedInUser();
    const phone = await signInAgain(alice.email);
    await getDb().insert(tasks).values({ userId: alice.user.id, title: "Water the plants" });
    const response = await remove(alice.cookie, { password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect(setCookies(response).refresh_token?.attributes).toContain("Max-Age=0");
    const db = getDb();
    expect(await db.select().from(user).where(eq(user.id, alice.user.id))).toEqual([]);
    expect(await db.select().from(tasks).where(eq(tasks.userId, alice.user.id))).toEqual([]);
    expect(await db.select().from(session).where(eq(session.userId, alice.user.id))).toEqual([]);
    expect(await db.select().from(account).where(eq(account.userId, alice.user.id))).toEqual([]);
    expect(await meStatus(phone.cookie)).toBe(401);
    expect(await refreshStatus(alice.refreshToken)).toBe(401);
  });
});

describe("GET /api/auth/session-ended", () => {
  const visit = (next: string, cookie?: string) =>
    sessionEnded(
      jsonRequest(`/api/auth/session-ended?next=${encodeURIComponent(next)}`, {
        method: "GET",
        headers: cookie ? { cookie } : {},
      }),
    );

  it("clears credentials whose session is gone and sends the browser to sign in", async () => {
    const alice = await createSignedInUser();
    await getDb().delete(session).where(eq(session.userId, alice.user.id));
    const response = await visit("/settings", alice.cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login?next=%2Fsettings");
    expect(setCookies(response).access_token?.attributes).toContain("Max-Age=0");
  });

  it("clears nothing while the session is alive, so another site cannot sign anyone out", async () => {
    const alice = await createSignedInUser();
    const response = await visit("/settings", alice.cookie);
    expect(response.headers.get("location")).toBe("/settings");
    expect(response.headers.getSetCookie()).toEqual([]);
    const refreshOnly = await visit("/settings", `refresh_token=${alice.refreshToken}`);
    expect(refreshOnly.headers.get("location")).toBe("/settings");
    expect(refreshOnly.headers.getSetCookie()).toEqual([]);
  });

  it("never sends the browser to another site, signed in or not", async () => {
    const alice = await createSignedInUser();
    for (const [label, next] of UNSAFE_NEXT) {
      const signedOut = await visit(next);
      expect(signedOut.headers.get("location"), label).toBe("/login?next=%2Fdashboard");
      const signedIn = await visit(next, alice.cookie);
      expect(signedIn.headers.get("location"), label).toBe("/dashboard");
    }
  });
});
