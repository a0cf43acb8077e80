import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";

/**
 * A fresh, migrated database for one test run (vitest's or the e2e suite's): a new database on
 * the server named by TEST_DATABASE_URL, or an in-memory embedded PGlite when it is unset.
 * `drop` removes it.
 */
export type TestDatabase = {
  url: string;
  kind: "postgres" | "embedded";
  drop: () => Promise<void>;
};

export async function createTestDatabase(
  options: { embeddedPort?: number } = {},
): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  const database = server
    ? await createServerDatabase(server)
    : await createEmbeddedDatabase(options.embeddedPort);
  try {
    await runMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

export async function createEmbeddedDatabase(port?: number): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres({ port });
  return { url: embedded.url, kind: "embedded", drop: embedded.stop };
}

export async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `taskflow_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: "postgres",
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}
