/**
 * The prune at scale: a database holding 1,000,000 expired refresh-token rows and
 * 100,000 live ones is pruned (lib/maintenance/prune.ts, as `npm run db:prune` runs it) while
 * clients keep refreshing and signing in against `next start`. Rows: refresh p99 during the prune
 * vs calm (≤ 3), and the live rows left afterwards vs before (= 1: nothing live is deleted), with
 * the prune's rate.
 *
 * Part of `npm run bench` (scripts/bench/index.ts); alone: `tsx scripts/bench/prune.ts`
 * (BENCH_DATABASE_URL, BENCH_SKIP_BUILD=1 to reuse the last bench build).
 */
import { pathToFileURL } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { findFreePort } from "@/lib/db/embedded";
import * as schema from "@/lib/db/schema";
import { pruneExpiredData } from "@/lib/maintenance/prune";
import { BENCH_PASSWORD, type RecordRow } from "./accounts";
import { benchDatabase, buildForBench, startBenchApp } from "./server";

const EXPIRED_SESSIONS = 10_000;
const LIVE_SESSIONS = 1_000;
const TOKENS_PER_SESSION = 100;
const REFRESH_CLIENTS = 8;
const CALM_SECONDS = 10;

export async function benchPrune({
  origin,
  databaseUrl,
  record,
}: {
  origin: string;
  databaseUrl: string;
  record: RecordRow;
}): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    console.log("seeding 1,000,000 expired and 100,000 live refresh-token rows…");
    await seedFamilies(client);
    const liveBefore = await liveTokenCount(client);

    const account = `bench-prune-${Date.now()}@example.test`;
    await register(origin, account);
    const calm = await underLoad(origin, account, () => sleepSeconds(CALM_SECONDS));
    let prune: Awaited<ReturnType<typeof pruneExpiredData>> | undefined;
    const during = await underLoad(origin, account, async () => {
      prune = await pruneExpiredData(drizzle({ client, schema }), { retentionDays: 90 });
    });
    if (!prune?.complete) throw new Error("the prune did not finish");
    const liveAfter = await liveTokenCount(client);
    const deleted = prune.refreshTokens + prune.sessions;
    const rate = Math.round(deleted / (prune.durationMs / 1000));

    record(
      {
        measure: "refresh p99 while pruning 1,000,000 expired rows vs calm (ms)",
        a: `${during.p99.toFixed(0)} ms (${during.refreshes} refreshes, ${during.signIns} sign-ins)`,
        b: `${calm.p99.toFixed(0)} ms (${calm.refreshes} refreshes, ${calm.signIns} sign-ins)`,
        ratio: during.p99 / calm.p99,
        target: "≤ 3",
      },
      (ratio) => ratio <= 3,
    );
    record(
      {
        measure: "live refresh-token rows after vs before the prune",
        a: `${liveAfter} (prune: ${deleted} rows in ${(prune.durationMs / 1000).toFixed(1)} s, ${rate} rows/s)`,
        b: `${liveBefore}`,
        ratio: liveAfter / liveBefore,
        target: "= 1",
      },
      (ratio) => ratio === 1,
    );
  } finally {
    await client.end();
  }
}

/**
 * Users, sessions and refresh tokens straight in SQL: a family of 100 rows each (99 rotated, as
 * two weeks of a busy device would leave), 10,000 expired families and 1,000 live ones.
 */
async function seedFamilies(client: pg.Client) {
  const sessions = EXPIRED_SESSIONS + LIVE_SESSIONS;
  await client.query(
    `insert into "user" (id, name, email)
     select 'prune-user-' || n, 'Prune ' || n, 'prune-' || n || '@bench.test'
     from generate_series(1, $1::int) as n`,
    [LIVE_SESSIONS],
  );
  await client.query(
    `insert into session (id, token, user_id, expires_at)
     select 'prune-session-' || n, 'prune-token-' || n, 'prune-user-' || (1 + n % $2::int),
       case when n <= $3::int then now() - interval '1 day' else now() + interval '7 days' end
     from generate_series(1, $1::int) as n`,
    [sessions, LIVE_SESSIONS, EXPIRED_SESSIONS],
  );
  await client.query(
    `insert into refresh_token (session_id, token_hash, rotated_at)
     select 'prune-session-' || s, md5('prune-' || s || '-' || t),
       case when t < $2::int then now() - interval '1 day' end
     from generate_series(1, $1::int) as s, generate_series(1, $2::int) as t`,
    [sessions, TOKENS_PER_SESSION],
  );
  // Vacuumed now, so autovacuum does not pick the fresh rows up during the calm measure.
  await client.query("vacuum analyze");
}

async function liveTokenCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query(
    `select count(*)::int as count from refresh_token t join session s on s.id = t.session_id
     where s.id like 'prune-session-%' and s.expires_at > now()`,
  );
  return rows[0].count;
}

/**
 * Runs `during` while REFRESH_CLIENTS clients each rotate their own family in a loop (every
 * refresh presents the token the last one answered) and one client signs in again and again.
 * Any answer but 200 stops the bench: a live family that was cut would show up here.
 */
async function underLoad(origin: string, account: string, during: () => Promise<unknown>) {
  let running = true;
  const latencies: number[] = [];
  let signIns = 0;
  let ready = 0;
  const refresher = async () => {
    let token = await signIn(origin, account);
    ready++;
    while (running) {
      const start = performance.now();
      const response = await fetch(`${origin}/api/auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refresh_token: token }),
      });
      if (response.status !== 200) throw new Error(`refresh answered ${response.status}`);
      token = ((await response.json()) as { refresh_token: string }).refresh_token;
      latencies.push(performance.now() - start);
    }
  };
  const signer = async () => {
    while (running) {
      await signIn(origin, account);
      signIns++;
    }
  };
  let failure: unknown;
  const clients = [...Array.from({ length: REFRESH_CLIENTS }, refresher), signer()].map((client) =>
    client.catch((error: unknown) => {
      failure ??= error;
      running = false;
    }),
  );
  // Measured only once every client holds its family (each sign-in is a bcrypt compare) and
  // has refreshed a few times.
  while (running && (ready < REFRESH_CLIENTS || latencies.length < 5 * REFRESH_CLIENTS)) {
    await sleepSeconds(0.1);
  }
  latencies.length = 0;
  signIns = 0;
  try {
    if (running) await during();
  } finally {
    running = false;
    await Promise.all(clients);
  }
  if (failure) throw failure;
  return { p99: percentile(latencies, 0.99), refreshes: latencies.length, signIns };
}

async function register(origin: string, email: string) {
  const response = await fetch(`${origin}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`register answered ${response.status}`);
}

async function signIn(origin: string, email: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  return ((await response.json()) as { refresh_token: string }).refresh_token;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

const sleepSeconds = (seconds: number) =>
  new Promise((resolve) => setTimeout(resolve, seconds * 1000));

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  buildForBench();
  const database = await benchDatabase(process.env.BENCH_DATABASE_URL);
  const app = await startBenchApp(database.url, await findFreePort());
  try {
    await benchPrune({
      origin: app.origin,
      databaseUrl: database.url,
      record: (row, met) =>
        console.log(
          `  ${row.measure}: ${row.ratio.toFixed(2)} (${row.a} vs ${row.b}) met: ${met(row.ratio)}`,
        ),
    });
  } finally {
    await app.stop();
    await database.drop();
  }
}
