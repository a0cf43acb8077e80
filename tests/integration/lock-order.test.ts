import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { POST as deleteAccount } from "@/app/api/auth/delete-account/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { POST as resetPassword } from "@/app/api/auth/reset-password/route";
import { DELETE as revokeSession } from "@/app/api/auth/sessions/[id]/route";
import { verifyAccessToken } from "@/lib/auth/tokens/tokens";
import { getDb } from "@/lib/db/client";
import { verification } from "@/lib/db/schema";
import { createSignedInUser } from "../support/auth";
import { jsonRequest } from "../support/http";
import { waitForLockWait } from "../support/lock-wait";

/**
 * A refresh racing whatever ends its session (logout, revoking the session, a password reset,
 * deleting the account) is answered 200 or 401, never a 500: the rotation takes the session's
 * row lock before its token's, in the order every cascade from a deleted session takes them, so
 * PostgreSQL never has to break a deadlock (40P01) between them.
 *
 * Each pair runs on separate connections of the pool, i.e. separate PostgreSQL backends, which
 * is where a deadlock lives; `npm run test:load` races the same pairs between two `next start`
 * processes of one deployment (tests/load/session-races.ts). On the
 * embedded PGlite every statement of every connection runs in one queue, so nothing can
 * deadlock there: the test still runs (fewer rounds) to check the answers.
 */
const ROUNDS = inject("databaseKind") === "postgres" ? 200 : 10;

type Session = Awaited<ReturnType<typeof createSignedInUser>> & { sessionId: string };

async function freshSession(): Promise<Session> {
  const signedIn = await createSignedInUser();
  const claims = await verifyAccessToken(signedIn.accessToken);
  return { ...signedIn, sessionId: claims?.sid ?? "" };
}

async function resetToken(userId: string): Promise<string> {
  const token = randomBytes(18).toString("base64url");
  await getDb()
    .insert(verification)
    .values({
      id: randomUUID(),
      identifier: `reset-password:${token}`,
      value: userId,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
  return token;
}

const PAIRS: Record<string, (session: Session) => Promise<() => Promise<Response>>> = {
  logout:
    async ({ refreshToken }) =>
    () =>
      logout(jsonRequest("/api/auth/logout", { body: { refresh_token: refreshToken } })),
  "session revoke":
    async ({ sessionId, headers }) =>
    () =>
      revokeSession(jsonRequest(`/api/auth/sessions/${sessionId}`, { method: "DELETE", headers }), {
        params: Promise.resolve({ id: sessionId }),
      }),
  "password reset": async ({ user }) => {
    const token = await resetToken(user.id);
    return () =>
      resetPassword(
        jsonRequest("/api/auth/reset-password", {
          body: { token, password: `new ${randomUUID()}` },
        }),
      );
  },
  "account deletion":
    async ({ password, headers }) =>
    () =>
      deleteAccount(jsonRequest("/api/auth/delete-account", { body: { password }, headers })),
};

describe("a refresh racing the end of its session", () => {
  for (const [name, prepare] of Object.entries(PAIRS)) {
    it(`answers no 500 when it races ${name}`, { timeout: 300_000 }, async () => {
      const answers: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const session = await freshSession();
        const end = await prepare(session);
        const [rotated, ended] = await Promise.all([
          refresh(
            jsonRequest("/api/auth/refresh", { body: { refresh_token: session.refreshToken } }),
          ),
          end(),
        ]);
        answers.push(`${rotated.status}/${ended.status}`);
      }
      const counts = new Map<string, number>();
      for (const answer of answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
      const summary = [...counts].map(([answer, count]) => `${answer} ×${count}`).join(", ");
      console.info(`refresh vs ${name}, ${ROUNDS} races (refresh/other): ${summary}`);
      expect(answers.filter((answer) => answer.includes("/5") || answer.startsWith("5"))).toEqual(
        [],
      );
    });
  }
});

// Only separate backends can deadlock (see above): the embedded database runs one queue, so the
// test exists on PostgreSQL only (CI's postgres and neon suites), rather than skipped elsewhere.
const describeOnPostgres = inject("databaseKind") === "postgres" ? describe : () => undefined;

describeOnPostgres("a refresh that PostgreSQL aborts to break a deadlock", () => {
  it("is tried once more and answers the new pair, not a 500", { timeout: 30_000 }, async () => {
    const alice = await freshSession();
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      // Another transaction takes the rotation's two row locks in the opposite order: the
      // token rows first, and once the rotation holds the session row and waits for them,
      // the session row. PostgreSQL aborts the rotation's statement (it waited first, so its
      // deadlock check runs first) with 40P01.
      await other.query("begin");
      await other.query("update refresh_token set parent_id = parent_id where session_id = $1", [
        alice.sessionId,
      ]);
      const answer = refresh(
        jsonRequest("/api/auth/refresh", { body: { refresh_token: alice.refreshToken } }),
      );
      await waitForLockWait((text) => other.query(text), "the rotation");
      await other.query("update session set updated_at = updated_at where id = $1", [
        alice.sessionId,
      ]);
      await other.query("commit");
      const response = await answer;
      expect(response.status).toBe(200);
      expect((await response.json()).refresh_token).toEqual(expect.any(String));
    } finally {
      await other.end();
    }
  });
});
