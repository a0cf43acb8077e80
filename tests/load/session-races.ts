/**
 * A refresh on one app process racing, on another process of the same deployment (one database,
 * the same secrets), whatever ends its session: logout, revoking the session, a password reset,
 * deleting the account. Each pair runs ROUNDS times (a reset half as many), a few sessions at
 * once, both ways round between the processes; every answer must be one docs/api.md gives for
 * that endpoint, never a 5xx (a deadlock between the rotation's row locks and the session's
 * cascade would be one).
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

const ROUNDS = 200;
// A reset hashes its new password at cost 12 on the one hashing thread of a 2-core machine's
// process (~0.3 s, over 1 s while other work shares the cores): half as many keep the run short.
const ROUNDS_OF: Record<string, number> = { "password reset": ROUNDS / 2 };
// Sessions racing at the same time: more contention at the database, and both processes' cores
// busy while one waits for the other.
const LANES = 4;
const PASSWORD = "race account password";

type Session = { userId: string; sessionId: string; access: string; refresh: string };
type Ender = (session: Session, at: string) => Promise<() => Promise<Response>>;

export type RaceOutcome = {
  name: string;
  answers: Map<string, number>;
  unexpected: number;
  seconds: number;
};

/** The answers docs/api.md lists for each side of a race: [refresh, the other]. */
const DOCUMENTED: Record<string, [number[], number[]]> = {
  logout: [[200, 401], [200]],
  "session revoke": [[200, 401], [204]],
  "password reset": [[200, 401], [200]],
  "account deletion": [[200, 401], [200]],
};

/**
 * `origins`: two processes of one deployment. Half the lanes sign in and refresh on the first and
 * end the session on the second, half the other way round, so both processes' hashing threads
 * work (a reset hashes its new password at cost 12).
 */
export async function sessionRaces(options: {
  origins: [string, string];
  sql: pg.Pool;
}): Promise<RaceOutcome[]> {
  const db = drizzle({ client: options.sql });
  const passwordHash = await testCostHash(PASSWORD);

  async function freshSession(at: string): Promise<Session> {
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
    const response = await post(`${at}/api/auth/login`, {
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
      async ({ refresh }, at) =>
      () =>
        post(`${at}/api/auth/logout`, { refresh_token: refresh }),
    "session revoke": async (session, at) => () =>
      fetch(`${at}/api/auth/sessions/${session.sessionId}`, {
        method: "DELETE",
        headers: bearer(session),
      }),
    // The reset link's token, as Better Auth stores it when it mails one.
    "password reset": async ({ userId }, at) => {
      const token = randomBytes(18).toString("base64url");
      await db.insert(verification).values({
        id: randomUUID(),
        identifier: `reset-password:${token}`,
        value: userId,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      return () =>
        post(`${at}/api/auth/reset-password`, {
          token,
          password: `new ${randomUUID()}`,
        });
    },
    "account deletion": async (session, at) => () =>
      post(`${at}/api/auth/delete-account`, { password: PASSWORD }, bearer(session)),
  };

  const outcomes: RaceOutcome[] = [];
  for (const [name, end] of Object.entries(enders)) {
    const [refreshAnswers, endAnswers] = DOCUMENTED[name] ?? [[], []];
    const pairStarted = performance.now();
    const answers = new Map<string, number>();
    let unexpected = 0;
    // How long this ending takes, on average so far: a reset hashes the new password before it
    // touches a session, so a refresh sent with it always wins. Each refresh starts at a random
    // moment of the ending's run instead, so some land where the ending deletes the session.
    let endingMs = 0;
    const race = async ([refreshAt, endAt]: [string, string]) => {
      const session = await freshSession(refreshAt);
      const ending = await end(session, endAt);
      const started = performance.now();
      const [rotated, ended] = await Promise.all([
        sleep(Math.random() * endingMs).then(() =>
          post(`${refreshAt}/api/auth/refresh`, { refresh_token: session.refresh }),
        ),
        ending().then((response) => {
          endingMs += (performance.now() - started - endingMs) / 8;
          return response;
        }),
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
        const [first, second] = options.origins;
        const sides: [string, string] = lane % 2 === 0 ? [first, second] : [second, first];
        const rounds = ROUNDS_OF[name] ?? ROUNDS;
        for (let round = lane; round < rounds; round += LANES) await race(sides);
      }),
    );
    const seconds = Math.round((performance.now() - pairStarted) / 1000);
    outcomes.push({ name, answers, unexpected, seconds });
  }
  return outcomes;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
