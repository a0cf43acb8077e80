import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";

export type TestDatabase = {
  url: string;
  drop: () => Promise<void>;
  /** Embedded only: writes the database as it is now to `file`, a `template` for later ones. */
  saveTemplate?: (file: string) => Promise<void>;
};

/**
 * A fresh, migrated database: a new database on the server named by `serverUrl`
 * (TEST_DATABASE_URL), or an in-memory embedded PGlite when there is none, started from
 * `template` (a file `saveTemplate` wrote) when given: ~4x faster than PGlite's own initdb.
 */
export async function createTestDatabase(
  serverUrl: string | undefined,
  options: { embeddedPort?: number; template?: string; migrated?: boolean } = {},
): Promise<TestDatabase> {
  const database = serverUrl
    ? await createServerDatabase(serverUrl)
    : await createEmbeddedDatabase(options.embeddedPort, options.template);
  // An empty database, for a test that applies the migrations itself.
  if (options.migrated === false) return database;
  try {
    await runMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const TEMPLATE_CACHE = path.join(ROOT, "node_modules/.cache/taskflow-tests");
// What a migrated database depends on: the migrations, the code that applies them, PGlite.
const TEMPLATE_INPUTS = [
  "drizzle",
  "lib/db/migrate.ts",
  "node_modules/@electric-sql/pglite/package.json",
];

/**
 * The migrated, empty embedded database as a file (for `template`), made once per version of
 * the migrations and of PGlite and kept in node_modules/.cache: PGlite's initdb and the
 * migrations cost every run ~5 s (several times that on a loaded machine). A database started
 * from it still runs the migrator, which finds nothing to apply.
 */
export async function embeddedTemplate(): Promise<string> {
  const digest = createHash("sha256");
  for (const file of TEMPLATE_INPUTS.flatMap((input) => filesBelow(path.join(ROOT, input)))) {
    digest.update(path.relative(ROOT, file)).update(readFileSync(file));
  }
  const template = path.join(TEMPLATE_CACHE, `${digest.digest("hex").slice(0, 16)}.tar`);
  if (existsSync(template)) return template;
  const migrated = await createTestDatabase(undefined);
  mkdirSync(TEMPLATE_CACHE, { recursive: true });
  // Written aside and renamed: a run that stops halfway leaves no half a template.
  const partial = `${template}.${process.pid}.partial`;
  await migrated.saveTemplate?.(partial);
  await migrated.drop();
  renameSync(partial, template);
  return template;
}

function filesBelow(entry: string): string[] {
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry)
    .sort()
    .flatMap((name) => filesBelow(path.join(entry, name)));
}

async function createEmbeddedDatabase(port?: number, template?: string): Promise<TestDatabase> {
  const loadDataDir = template ? new Blob([await readFile(template)]) : undefined;
  const embedded = await startEmbeddedPostgres({ port, loadDataDir });
  return {
    url: embedded.url,
    drop: embedded.stop,
    saveTemplate: async (file) => {
      await writeFile(file, Buffer.from(await (await embedded.dump()).arrayBuffer()));
    },
  };
}

/**
 * An embedded database started from `template` on a worker thread of its own, so that several
 * of them (one per test worker) answer in parallel and off the test runner's main thread, each
 * on a free port.
 */
export async function startEmbeddedDatabaseThread(template: string): Promise<TestDatabase> {
  const thread = new Worker(new URL("./embedded-thread.mjs", import.meta.url), {
    workerData: { template },
  });
  const [url] = (await once(thread, "message")) as [string];
  return {
    url,
    drop: async () => {
      thread.postMessage("stop");
      await once(thread, "message");
      await thread.terminate();
    },
  };
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
