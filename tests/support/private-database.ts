import { afterAll, beforeAll, inject } from "vitest";
import { closeDb } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { createEmbeddedDatabase, createServerDatabase } from "./test-database";

/**
 * Gives the calling test file a fresh, migrated database of its own (on the same kind of server
 * as the run), for tests of site-wide state that other files, running at the same time, would
 * disturb: exact user counts, or who the admins are. Call it at the top of the file: lib/env.ts
 * reads DATABASE_URL once, on first use, which must come after this file's beforeAll.
 */
export function isolateDatabase(): void {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database =
      inject("databaseKind") === "postgres"
        ? await createServerDatabase(inject("databaseUrl"))
        : await createEmbeddedDatabase();
    drop = database.drop;
    await runMigrations(database.url);
    process.env.DATABASE_URL = database.url;
  });
  afterAll(async () => {
    await closeDb();
    await drop?.();
  });
}
