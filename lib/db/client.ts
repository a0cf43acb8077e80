import { Pool as NeonPool, neonConfig } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import ws from "ws";
import { getEnv } from "@/lib/env";
import * as schema from "./schema";
import { dropStalledConnections, WAIT_BOUNDS } from "./stalled-connections";

/**
 * One database client for the whole process, chosen from DATABASE_URL:
 * - Neon hosts (or DATABASE_DRIVER=neon): the @neondatabase/serverless Pool over WebSockets,
 *   which keeps interactive transactions (neon-http would not);
 * - anything else, the embedded PGlite server included: node-postgres.
 */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DriverName = "pg" | "neon";

export function chooseDriver(url: string, explicit?: DriverName): DriverName {
  if (explicit) return explicit;
  return new URL(url).hostname.endsWith(".neon.tech") ? "neon" : "pg";
}

type Client = { db: Database; close: () => Promise<void> };

// A pool whose idle connection is dropped by the server (a restart, Neon suspending an idle
// compute) emits "error"; unheard, that crashes the process. The pool discards that connection
// and the next query opens a new one.
const ignoreDroppedIdleConnection = () => {};

function createClient(url: string, driver: DriverName): Client {
  if (driver === "neon") {
    neonConfig.webSocketConstructor ??= ws;
    // No server-side timeouts here: Neon's pooler (PgBouncer) refuses unknown startup parameters.
    const pool = new NeonPool({ connectionString: url, ...WAIT_BOUNDS });
    pool.on("error", ignoreDroppedIdleConnection);
    dropStalledConnections(pool);
    return { db: drizzleNeon({ client: pool, schema }), close: () => pool.end() };
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...WAIT_BOUNDS,
    // The server's side of the same bounds: it cancels a statement that runs (or waits for a
    // lock) longer than the client waits, and ends a transaction whose client went silent, so
    // the locks of a connection lost mid-transaction do not outlive it.
    statement_timeout: WAIT_BOUNDS.query_timeout - 2_000,
    idle_in_transaction_session_timeout: WAIT_BOUNDS.query_timeout,
    // Probes an idle connection, so one whose peer vanished is found before it is lent out.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  pool.on("error", ignoreDroppedIdleConnection);
  dropStalledConnections(pool);
  return { db: drizzleNodePg({ client: pool, schema }), close: () => pool.end() };
}

// Kept on globalThis so `next dev` hot reloads reuse the pool instead of leaking one per edit.
const holder = globalThis as typeof globalThis & { __taskflowDb?: Client };

export function getDb(): Database {
  if (!holder.__taskflowDb) {
    const env = getEnv();
    if (!env.DATABASE_URL) {
      throw new Error(
        "DATABASE_URL is not set: start the app with `npm run dev`, which starts the embedded database",
      );
    }
    holder.__taskflowDb = createClient(
      env.DATABASE_URL,
      chooseDriver(env.DATABASE_URL, env.DATABASE_DRIVER),
    );
  }
  return holder.__taskflowDb.db;
}

export async function closeDb(): Promise<void> {
  const client = holder.__taskflowDb;
  holder.__taskflowDb = undefined;
  await client?.close();
}
