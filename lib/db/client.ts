import { Pool as NeonPool, neonConfig } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import ws from "ws";
import { getEnv } from "@/lib/env";
import * as schema from "./schema";

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
    const pool = new NeonPool({ connectionString: url });
    pool.on("error", ignoreDroppedIdleConnection);
    return { db: drizzleNeon({ client: pool, schema }), close: () => pool.end() };
  }
  // A refused connection fails at once whatever this says; the timeout covers a database that
  // hangs, and leaves room for an event loop busy with a burst of bcrypt hashes.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  pool.on("error", ignoreDroppedIdleConnection);
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
