import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";

export type TestDatabase = { url: string; drop: () => Promise<void> };

/**
 * A fresh, migrated database: a new database on the server named by `serverUrl`
 * (TEST_DATABASE_URL), or an in-memory embedded PGlite when there is none.
 */
export async function createTestDatabase(
  serverUrl: string | undefined,
  options: { embeddedPort?: number } = {},
): Promise<TestDatabase> {
  const database = serverUrl
    ? await createServerDatabase(serverUrl)
    : await createEmbeddedDatabase(options.embeddedPort);
  try {
    await runMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

async function createEmbeddedDatabase(port?: number): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres({ port });
  return { url: embedded.url, drop: embedded.stop };
}

async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `taskflow_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await onServer(serverUrl, `create database "${name}"`);

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, `drop database if exists "${name}" with (force)`),
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
