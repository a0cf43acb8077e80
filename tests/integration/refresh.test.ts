import { and, eq, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { getDb } from "@/lib/db/client";
import { refreshToken, securityEvent, session } from "@/lib/db/schema";
import { createSignedInUser, setCookies } from "../support/auth";
import { jsonRequest } from "../support/http";

const byCookie = (token: string) =>
  refresh(jsonRequest("/api/auth/refresh", { headers: { cookie: `refresh_token=${token}` } }));
const byBody = (token: string) =>
  refresh(jsonRequest("/api/auth/refresh", { body: { refresh_token: token } }));

/** The successor a rotation handed out: in the body for API clients, in the cookie for browsers. */
async function rotatedTo(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  return (await response.json()).refresh_token ?? setCookies(response).refresh_token?.value;
}

/** Moves every rotation of the session into the past, as if the grace window had elapsed. */
async function ageRotations(sessionId: string) {
  await getDb()
    .update(refreshToken)
    .set({ rotatedAt: sql`now() - interval '1 hour'` })
    .where(eq(refreshToken.sessionId, sessionId));
}

async function sessionsOf(userId: string) {
  return getDb().select().from(session).where(eq(session.userId, userId));
}

describe("POST /api/auth/refresh", () => {
  it("rotates: answers a new pair and new cookies, and the new token works", async () => {
    const alice = await createSignedInUser();
    const response = await byCookie(alice.refreshToken);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 1800 });
    // A browser's refresh token stays in its cookie, out of reach of page scripts.
    expect(body.refresh_token).toBeUndefined();
    const cookies = setCookies(response);
    const successor = cookies.refresh_token?.value ?? "";
    expect(successor).not.toBe(alice.refreshToken);
    expect(cookies.access_token?.value).toBe(body.access_token);
    const whoAmI = await me(
      jsonRequest("/api/auth/me", {
        method: "GET",
        headers: { authorization: `Bearer ${body.access_token}` },
      }),
    );
    expect(whoAmI.status).toBe(200);
    expect((await byBody(successor)).status).toBe(200);
  });

  it("answers concurrent refreshes with one token with the same successor (grace window)", async () => {
    const alice = await createSignedInUser();
    const first = await rotatedTo(await byCookie(alice.refreshToken));
    const second = await rotatedTo(await byBody(alice.refreshToken));
    expect(second).toBe(first);
  });

  it("ends with exactly one live family after 20 parallel refreshes with one token", async () => {
    const alice = await createSignedInUser();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => byCookie(alice.refreshToken)),
    );
    const successors = await Promise.all(responses.map(rotatedTo));
    expect(new Set(successors).size).toBe(1);
    const [family, ...others] = await sessionsOf(alice.user.id);
    expect(others).toHaveLength(0);
    const live = await getDb()
      .select()
      .from(refreshToken)
      .where(and(eq(refreshToken.sessionId, family?.id ?? ""), isNull(refreshToken.rotatedAt)));
    expect(live).toHaveLength(1);
    // ... and replaying the original token after the grace window kills the family.
    await ageRotations(family?.id ?? "");
    expect((await byCookie(alice.refreshToken)).status).toBe(401);
    expect((await byCookie(successors[0] ?? "")).status).toBe(401);
    expect(await sessionsOf(alice.user.id)).toHaveLength(0);
  });

  it("treats a rotated token replayed after the grace window as reuse: the whole family dies, recorded", async () => {
    const alice = await createSignedInUser();
    const successor = await rotatedTo(await byCookie(alice.refreshToken));
    const [family] = await sessionsOf(alice.user.id);
    await ageRotations(family?.id ?? "");

    // The replay comes from somewhere else: the event records where, as the proxy wrote it.
    const replay = await refresh(
      jsonRequest("/api/auth/refresh", {
        headers: {
          cookie: `refresh_token=${alice.refreshToken}`,
          "x-real-ip": "[2001:DB8::7]:443",
          "user-agent": "Replayer/1.0",
        },
      }),
    );
    expect(replay.status).toBe(401);
    expect(setCookies(replay).refresh_token?.attributes).toContain("Max-Age=0");
    expect((await byCookie(successor)).status).toBe(401);
    expect(
      (await me(jsonRequest("/api/auth/me", { method: "GET", headers: alice.headers }))).status,
    ).toBe(401);
    const events = await getDb()
      .select()
      .from(securityEvent)
      .where(
        and(eq(securityEvent.userId, alice.user.id), eq(securityEvent.type, "refresh_token_reuse")),
      );
    expect(events).toMatchObject([
      {
        type: "refresh_token_reuse",
        sessionId: family?.id,
        ipAddress: "2001:db8::7",
        userAgent: "Replayer/1.0",
      },
    ]);
  });

  it("ends the family on a replay even once the family's refresh limit is spent", async () => {
    const alice = await createSignedInUser();
    let current = alice.refreshToken;
    let spent = false;
    // Refresh until the per-family limit answers 429 (lib/rate-limit/rules.ts).
    for (let attempt = 0; attempt < 100 && !spent; attempt++) {
      const response = await byBody(current);
      if (response.status === 429) spent = true;
      else current = await rotatedTo(response);
    }
    expect(spent).toBe(true);
    const [family] = await sessionsOf(alice.user.id);
    await ageRotations(family?.id ?? "");

    expect((await byBody(alice.refreshToken)).status).toBe(401);
    expect(await sessionsOf(alice.user.id)).toEqual([]);
  });

  it("treats a token two rotations old as reuse even inside the grace window", async () => {
    const alice = await createSignedInUser();
    const second = await rotatedTo(await byCookie(alice.refreshToken));
    const third = await rotatedTo(await byCookie(second));
    expect((await byCookie(alice.refreshToken)).status).toBe(401);
    expect((await byCookie(third)).status).toBe(401);
  });

  it("never extends the family past its absolute lifetime", async () => {
    const alice = await createSignedInUser();
    const [before] = await sessionsOf(alice.user.id);
    const response = await byCookie(alice.refreshToken);
    const [after] = await sessionsOf(alice.user.id);
    expect(after?.expiresAt).toEqual(before?.expiresAt);
    const maxAge = Number(
      setCookies(response).refresh_token?.attributes.match(/Max-Age=(\d+)/)?.[1],
    );
    expect(maxAge).toBeLessThanOrEqual(7 * 24 * 3600);
    expect(maxAge).toBeGreaterThan(7 * 24 * 3600 - 60);

    await getDb()
      .update(session)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(session.userId, alice.user.id));
    const expired = await byBody(await rotatedTo(response));
    expect(expired.status).toBe(401);
  });

  it.each([
    ["no token at all", () => refresh(jsonRequest("/api/auth/refresh"))],
    ["an unknown token", () => byCookie("not-a-real-refresh-token")],
    [
      "an empty JSON token",
      () => refresh(jsonRequest("/api/auth/refresh", { body: { refresh_token: "" } })),
    ],
  ])("answers 401 for %s", async (_, send) => {
    const response = await send();
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("invalid_refresh_token");
  });

  it("refuses an access token presented as a refresh token", async () => {
    const alice = await createSignedInUser();
    expect((await byBody(alice.accessToken)).status).toBe(401);
  });
});
