import { execFileSync } from "node:child_process";
import { startNextServer } from "../../tests/support/next-server";
import { createTestDatabase } from "../../tests/support/test-database";

/** A fresh, migrated database (tests/support/test-database.ts), labelled for the report. */
export async function benchDatabase(serverUrl: string | undefined) {
  const database = await createTestDatabase(serverUrl);
  return { ...database, kind: serverUrl ? "PostgreSQL server" : "embedded PGlite" };
}

/**
 * The bench's own production build, with its probe routes, in .next-bench (next.config.ts):
 * `next build` with BENCH_BUILD=1, unless BENCH_SKIP_BUILD=1 reuses the last one.
 */
const BENCH_BUILD_ENV = { BENCH_BUILD: "1" };

export function buildForBench(): void {
  if (process.env.BENCH_SKIP_BUILD === "1") return;
  console.log("building (next build, BENCH_BUILD=1)…");
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "ignore",
    env: {
      ...process.env,
      ...BENCH_BUILD_ENV,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
}

type StartOptions = Pick<Parameters<typeof startNextServer>[0], "ready">;

/** `next start` of the bench's build (`buildForBench`), with the limits raised as in `startApp`. */
export function startBenchApp(
  databaseUrl: string,
  port: number,
  extraEnv: Record<string, string> = {},
  options: StartOptions = {},
) {
  return startApp(databaseUrl, port, { ...BENCH_BUILD_ENV, ...extraEnv }, options);
}

/** `next start` of the current build on `port`, production settings, rate limits raised. */
export function startApp(
  databaseUrl: string,
  port: number,
  extraEnv: Record<string, string> = {},
  options: StartOptions = {},
) {
  return startNextServer({
    ...options,
    port,
    databaseUrl,
    env: {
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
