import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@/lib/db/embedded";

// The embedded database every laptop and `npm test` runs on: one PGlite backend shared by
// every connection of every pool (lib/db/embedded-server.ts). It starts its own, whatever
// database the rest of the suite runs on (CI refuses a suite that skips a test).
describe("the embedded database server", () => {
  let embedded: EmbeddedPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
    pool = new pg.Pool({ connectionString: embedded.url, max: 10 });
    await pool.query("create table notes (id serial primary key, a text, b text, c text)");
  });

  afterAll(async () => {
    await pool.end();
    await embedded.stop();
  });

  it("keeps each connection's parameterised statements apart under concurrency", async () => {
    // Statements with different parameter counts on ten connections at once, some inside
    // transactions: a Parse of one connection between another's Parse and Bind fails them.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 300 }, async (_, i) => {
        if (i % 7 === 0) {
          const client = await pool.connect();
          try {
            await client.query("begin");
            await client.query("insert into notes (a) values ($1)", [`tx ${i}`]);
            await client.query("commit");
          } finally {
            client.release();
          }
          return;
        }
        if (i % 2 === 1) {
          const { rows } = await pool.query(
            "insert into notes (a, b, c) values ($1, $2, $3) returning a, b, c",
            [`a${i}`, `b${i}`, `c${i}`],
          );
          expect(rows).toEqual([{ a: `a${i}`, b: `b${i}`, c: `c${i}` }]);
          return;
        }
        await pool.query("select id from notes where a = $1 limit 1", [`a${i - 1}`]);
      }),
    );
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);
  });

  it("runs another connection's statements after a transaction, not inside it", async () => {
    const holder = await pool.connect();
    await holder.query("begin");
    await holder.query("insert into notes (a) values ('rolled back')");
    // Waits for the transaction to end: inside it, the rollback would take this row too.
    const outsider = pool.query("insert into notes (a) values ('kept')");
    await holder.query("rollback");
    holder.release();
    await outsider;
    const { rows } = await pool.query(
      "select a from notes where a in ('rolled back', 'kept') order by a",
    );
    expect(rows).toEqual([{ a: "kept" }]);
  });

  it("rolls back a transaction whose client went away, and serves the others", async () => {
    const client = new pg.Client({ connectionString: embedded.url });
    client.on("error", () => {}); // its own end, below
    await client.connect();
    await client.query("begin");
    await client.query("insert into notes (a) values ('abandoned')");
    client.connection.stream.destroy();
    const { rows } = await pool.query("select count(*)::int as n from notes where a = 'abandoned'");
    expect(rows).toEqual([{ n: 0 }]);
  });
});
