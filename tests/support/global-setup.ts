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
  }
}

export default async function setup(project: TestProject) {
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
