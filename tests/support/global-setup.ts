import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";

/**
 * One database per test run, migrated from drizzle/ and dropped afterwards: a fresh database on
 * the server named by TEST_DATABASE_URL, or an in-memory embedded PGlite when it is unset.
 */
declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgres" | "embedded";
    secrets: { BETTER_AUTH_SECRET: string; JWT_SECRET_KEY: string };
    /** TEST_REDIS_URL: the Redis behind tests/support/upstash-bridge.ts, or null (skip). */
    redisUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const redisUrl = process.env.TEST_REDIS_URL;
  // Locally the Redis tests may be skipped; CI must run them, and says so before anything else.
  if (!redisUrl && process.env.CI) {
    throw new Error("CI runs the Redis tests: set TEST_REDIS_URL=redis://127.0.0.1:6379");
  }
  project.provide("redisUrl", redisUrl ?? null);

  const server = process.env.TEST_DATABASE_URL;
  const database = server ? await createServerDatabase(server) : await createEmbeddedDatabase();
  await runMigrations(database.url);

  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", server ? "postgres" : "embedded");
  project.provide("secrets", {
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    JWT_SECRET_KEY: randomBytes(32).toString("base64url"),
  });
  console.log(
    `[tests] database: ${server ? "PostgreSQL server (TEST_DATABASE_URL)" : "embedded PGlite"}`,
  );
  console.log(
    `[tests] redis: ${redisUrl ? "TEST_REDIS_URL" : "none (TEST_REDIS_URL unset: skipped)"}`,
  );
  return database.drop;
}

export async function createEmbeddedDatabase() {
  const embedded = await startEmbeddedPostgres();
  return { url: embedded.url, drop: embedded.stop };
}

export async function createServerDatabase(serverUrl: string) {
  const name = `taskflow_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}
