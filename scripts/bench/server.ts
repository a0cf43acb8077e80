import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createTestDatabase } from "../../tests/support/test-database";

/** A fresh, migrated database (tests/support/test-database.ts), labelled for the report. */
export async function benchDatabase(serverUrl: string | undefined) {
  const database = await createTestDatabase(serverUrl);
  return { ...database, kind: serverUrl ? "PostgreSQL server" : "embedded PGlite" };
}

/** `next start` on a free port with production settings and the bench probes switched on. */
export async function startApp(
  databaseUrl: string,
  port: number,
  extraEnv: Record<string, string> = {},
) {
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    BETTER_AUTH_URL: origin,
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    JWT_SECRET_KEY: randomBytes(32).toString("base64url"),
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
  };
  const child: ChildProcess = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port)],
    {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) {
        return { origin, secret: env.BETTER_AUTH_SECRET, stop: () => stop(child) };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  stop(child);
  throw new Error("next start did not become healthy within 60 s");
}

function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
