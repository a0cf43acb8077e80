import { afterAll, beforeAll, inject } from "vitest";
import { closeDb } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "./test-database";

/** A fresh, migrated database on the same kind of server as the run, for one test file. */
export function createPrivateDatabase(): Promise<TestDatabase> {
  return createTestDatabase(inject("databaseServer") ?? undefined, {
    template: inject("embeddedTemplate") ?? undefined,
  });
}

/**
 * Gives the calling test file a fresh, migrated database of its own (on the same kind of server
 * as the run), for tests of site-wide state that other files, running at the same time, would
 * disturb: exact user counts, or who the admins are. Call it at the top of the file: lib/env.ts
 * reads DATABASE_URL once, on first use, which must come after this file's beforeAll.
 */
export function isolateDatabase(): void {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database = await createPrivateDatabase();
    drop = database.drop;
    process.env.DATABASE_URL = database.url;
  });
  afterAll(async () => {
    await closeDb();
    await drop?.();
  });
}
