import { startNextServer } from "../../tests/support/next-server";
import { createTestDatabase } from "../../tests/support/test-database";

/** A fresh, migrated database (tests/support/test-database.ts), labelled for the report. */
export async function benchDatabase(serverUrl: string | undefined) {
  const database = await createTestDatabase(serverUrl);
  return { ...database, kind: serverUrl ? "PostgreSQL server" : "embedded PGlite" };
}

/** `next start` on a free port with production settings and the bench probes switched on. */
export function startApp(databaseUrl: string, port: number, extraEnv: Record<string, string> = {}) {
  return startNextServer({
    port,
    databaseUrl,
    env: {
      BENCH_ROUTES: "1",
      // The bench measures the work behind the rate limits (bcrypt, the guard): with the limits
      // in force, its logins and its login storm would mostly be answered by cheap 429s.
      ...Object.fromEntries(
        ["LOGIN_ACCOUNT", "LOGIN_IP", "REGISTER_IP", "REFRESH_FAMILY", "TASKS_USER"].map((name) => [
          `RATE_LIMIT_${name}`,
          "1000000/1m",
        ]),
      ),
      ...extraEnv,
    },
  });
}
