/**
 * A refresh on one app process racing, on another process of the same deployment (one database,
 * the same secrets), whatever ends its session: logout, revoking the session, a password reset,
 * deleting the account. Each pair runs ROUNDS times, a few sessions at once; every answer must be
 * one docs/api.md gives for that endpoint, never a 5xx (a deadlock between the rotation's row
 * locks and the session's cascade would be one).
 *
 * Every race needs a signed-in session of its own, and a production sign-in costs a bcrypt
 * compare at cost 12 (~290 ms): the race accounts are written straight into the database with
 * their password hashed at the suite's test cost, so a sign-in costs ~1 ms and the run stays
 * short. The reset's new password is hashed by the server at its own cost.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import { decodeJwt } from "jose";
import type pg from "pg";
import { hashPassword } from "@/lib/auth/passwords/password";
import { account, user, verification } from "@/lib/db/schema";

const ROUNDS = Number(process.env.LOAD_RACE_ROUNDS ?? 200);
// Sessions racing at the same time: more contention at the database, and both processes' cores
// busy while one waits for the other.
const LANES = 4;
const PASSWORD = "race account password";

type Session = { userId: string; sessionId: string; access: string; refresh: string };
type Ender = (session: Session) => Promise<() => Promise<Response>>;

export type RaceOutcome = { name: string; answers: Map<string, number>; unexpected: number };

/** The answers docs/api.md lists for each side of a race: [refresh, the other]. */
const DOCUMENTED: Record<string, [number[], number[]]> = {
  logout: [[200, 401], [200]],
  "session revoke": [[200, 401], [204]],
  "password reset": [[200, 401], [200]],
  "account deletion": [[200, 401], [200]],
};

export async function sessionRaces(options: {
  /** Where each session signs in and refreshes. */
  refreshAt: string;
  /** Where each session is ended: another process of the same deployment. */
  endAt: string;
  sql: pg.Pool;
}): Promise<RaceOutcome[]> {
  const db = drizzle({ client: options.sql });
  const passwordHash = await testCostHash(PASSWORD);

  async function freshSession(): Promise<Session> {
    const userId = randomUUID();
    const email = `race-${userId.slice(0, 13)}@load.test`;
    await db.insert(user).values({ id: userId, name: "Race", email, emailVerified: true });
    await db.insert(account).values({
      id: randomUUID(),
      accountId: userId,
      providerId: "credential",
      userId,
      password: passwordHash,
    });
    const response = await post(`${options.refreshAt}/api/auth/login`, {
      email,
      password: PASSWORD,
    });
    if (response.status !== 200) throw new Error(`race sign-in: ${response.status}`);
    const pair = (await response.json()) as { access_token: string; refresh_token: string };
    const sessionId = String(decodeJwt(pair.access_token).sid);
    return { userId, sessionId, access: pair.access_token, refresh: pair.refresh_token };
  }

  const bearer = (session: Session) => ({ authorization: `Bearer ${session.access}` });
  const enders: Record<string, Ender> = {
    logout:
      async ({ refresh }) =>
      () =>
        post(`${options.endAt}/api/auth/logout`, { refresh_token: refresh }),
    "session revoke": async (session) => () =>
      fetch(`${options.endAt}/api/auth/sessions/${session.sessionId}`, {
        method: "DELETE",
        headers: bearer(session),
      }),
    // The reset link's token, as Better Auth stores it when it mails one.
    "password reset": async ({ userId }) => {
      const token = randomBytes(18).toString("base64url");
      await db.insert(verification).values({
        id: randomUUID(),
        identifier: `reset-password:${token}`,
        value: userId,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      return () =>
        post(`${options.endAt}/api/auth/reset-password`, {
          token,
          password: `new ${randomUUID()}`,
        });
    },
    "account deletion": async (session) => () =>
      post(`${options.endAt}/api/auth/delete-account`, { password: PASSWORD }, bearer(session)),
  };

  const outcomes: RaceOutcome[] = [];
  for (const [name, end] of Object.entries(enders)) {
    const [refreshAnswers, endAnswers] = DOCUMENTED[name] ?? [[], []];
    const answers = new Map<string, number>();
    let unexpected = 0;
    const race = async () => {
      const session = await freshSession();
      const ending = await end(session);
      const [rotated, ended] = await Promise.all([
        post(`${options.refreshAt}/api/auth/refresh`, { refresh_token: session.refresh }),
        ending(),
      ]);
      await Promise.all([rotated.arrayBuffer(), ended.arrayBuffer()]);
      const answer = `${rotated.status}/${ended.status}`;
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
      if (!refreshAnswers.includes(rotated.status) || !endAnswers.includes(ended.status)) {
        unexpected++;
      }
    };
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        for (let round = lane; round < ROUNDS; round += LANES) await race();
      }),
    );
    outcomes.push({ name, answers, unexpected });
  }
  return outcomes;
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/**
 * The app's own hash (its prehash and bcrypt) at the suite's cost (tests/support/setup.ts),
 * which lib/env.ts allows only under NODE_ENV=test: set for this one call in this process, which
 * serves nothing (the servers under test get an environment of their own).
 */
async function testCostHash(password: string): Promise<string> {
  const saved = { NODE_ENV: process.env.NODE_ENV, TEST_BCRYPT_COST: process.env.TEST_BCRYPT_COST };
  Object.assign(process.env, { NODE_ENV: "test", TEST_BCRYPT_COST: "4" });
  try {
    return await hashPassword(password);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
