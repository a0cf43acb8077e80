import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAIT_BOUNDS } from "@/lib/db/stalled-connections";
import { createSignedInUser } from "../support/auth";
import { routeDatabaseThroughProxy } from "../support/database-through-proxy";
import { jsonRequest } from "../support/http";
import type { TcpProxy } from "../support/tcp-proxy";

/**
 * The network between the app and the database drops every byte for a while, then heals: no
 * reset, no refusal, replies simply lost. Every request made meanwhile must be answered (503,
 * within the wait bounds of lib/db/client.ts), and the instance must serve again once the
 * network heals, with its whole pool: connections whose replies were lost are dropped, not lent
 * out again. node-postgres is used whatever the suite's driver (the Neon Pool shares the same
 * guard, lib/db/stalled-connections.ts).
 */
let proxy: TcpProxy;
let undo: () => Promise<void>;
let routes: typeof import("@/app/api/tasks/route");
let client: typeof import("@/lib/db/client");
let user: Awaited<ReturnType<typeof createSignedInUser>>;

beforeAll(async () => {
  user = await createSignedInUser();
  ({ proxy, undo } = await routeDatabaseThroughProxy());
  routes = await import("@/app/api/tasks/route");
  client = await import("@/lib/db/client");
});

afterAll(() => undo());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const createTask = (title: string) =>
  routes.POST(jsonRequest("/api/tasks", { body: { title }, headers: user.headers }));

// The transaction path of the pool (Better Auth's adapter and ours take it): drizzle releases
// nothing when its BEGIN fails, so a BEGIN whose reply is lost must not strand its connection.
const TRANSACTIONS = 4;
const transactions = () =>
  Promise.all(
    Array.from({ length: TRANSACTIONS }, () =>
      client
        .getDb()
        .transaction((tx) => tx.execute(sql`select 1`))
        .then(
          () => "committed",
          () => "failed",
        ),
    ),
  );

// More requests than the pool has connections (10), so every slot carries a lost reply.
const BURST = 12;
const STALL_MS = 3_000;
// The longest any request may wait: a connection attempt, then a statement, each bounded.
const LONGEST_WAIT_MS = WAIT_BOUNDS.connectionTimeoutMillis + WAIT_BOUNDS.query_timeout + 2_000;

describe("when the network to the database drops bytes for a while", () => {
  it("answers every request made meanwhile, and serves with its whole pool once it heals", {
    timeout: 3 * (LONGEST_WAIT_MS + 10_000),
  }, async () => {
    const burst = (label: string) =>
      Promise.all(Array.from({ length: BURST }, (_, index) => createTask(`${label} ${index}`)));
    expect((await createTask("before")).status).toBe(201);
    // A few stalls in a row: each used to strand more of the pool for good.
    for (const round of [1, 2, 3]) {
      proxy.stall();
      const during = burst(`during ${round}`);
      const duringTransactions = transactions();
      await sleep(STALL_MS);
      proxy.restore();
      const healedAt = performance.now();
      // Served at once by a connection the stall did not touch (or a new one).
      expect((await createTask(`first after ${round}`)).status).toBe(201);
      const firstServedMs = Math.round(performance.now() - healedAt);
      const statuses = (await during).map((response) => response.status);
      await duringTransactions;
      // Answered, each either saved (its bytes went through after all) or 503, never a 500.
      expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
      const after = await burst(`after ${round}`);
      expect(after.map((response) => response.status)).toEqual(Array(BURST).fill(201));
      expect(await transactions()).toEqual(Array(TRANSACTIONS).fill("committed"));
      console.info(
        `stall round ${round}: ${statuses.filter((status) => status === 503).length} of ` +
          `${BURST} answered 503; first request served ${firstServedMs} ms after the network ` +
          `healed, the whole pool ${Math.round(performance.now() - healedAt)} ms after`,
      );
    }
    // Ending the pool waits for every lent connection to come back: none was stranded.
    const ended = client.closeDb().then(() => "every connection returned");
    const stranded = sleep(5_000).then(() => "connections still lent out");
    expect(await Promise.race([ended, stranded])).toBe("every connection returned");
  });
});
