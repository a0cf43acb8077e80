import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { DATA_DIR } from "@/lib/dev/local-secrets";

export const EMBEDDED_DATA_DIR = path.join(DATA_DIR, "pglite");

/**
 * The database a local command works on: DATABASE_URL when set, otherwise the embedded PGlite
 * under .data/pglite. Either way migrations are applied before anything else runs.
 */
export async function openLocalDatabase(databaseUrl: string | undefined) {
  const embedded = databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: EMBEDDED_DATA_DIR });
  const url = databaseUrl ?? (embedded?.url as string);
  try {
    await runMigrations(url);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return { url, embedded: Boolean(embedded), stop: async () => embedded?.stop() };
}
