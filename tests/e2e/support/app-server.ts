import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase } from "../../support/test-database";
import { PASSWORD } from "./browser";

/**
 * The app as it runs in production: `next start` on a build, NODE_ENV=production, random
 * secrets, a fresh database. Only what a test needs differs from a deployment, and it is set
 * here, in the open: a one-minute access token (the expiry journey waits it out), an admin
 * account, and per-IP limits raised because every browser here shares one IP.
 */
export const E2E_ADMIN_EMAIL = "admin@e2e.test";

export type AppServer = {
  origin: string;
  outboxDir: string;
  databaseKind: "postgres" | "embedded";
  stop: () => Promise<void>;
};

export async function startAppServer(options: {
  port: number;
  databasePort?: number;
  log: string;
}): Promise<AppServer> {
  const serverUrl = process.env.TEST_DATABASE_URL || undefined;
  const database = await createTestDatabase(serverUrl, { embeddedPort: options.databasePort });
  const origin = `http://localhost:${options.port}`;
  const outboxDir = await mkdtemp(path.join(tmpdir(), "taskflow-e2e-outbox-"));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(options.port),
    DATABASE_URL: database.url,
    BETTER_AUTH_URL: origin,
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    JWT_SECRET_KEY: randomBytes(32).toString("base64url"),
    ACCESS_TOKEN_EXPIRE_MINUTES: "1",
    ADMIN_EMAILS: E2E_ADMIN_EMAIL,
    // No SMTP: reset links land in this directory, where the password-reset journey reads them.
    EMAIL_OUTBOX_DIR: outboxDir,
    // Every browser here is one client IP: per-IP limits would count the whole suite as one
    // visitor. The per-account sign-in limit (5 a minute) stays as shipped.
    RATE_LIMIT_REGISTER_IP: "1000/1m",
    RATE_LIMIT_LOGIN_IP: "1000/1m",
  };
  const log = createWriteStream(options.log);
  const server = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(options.port)],
    { env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  try {
    await waitUntilHealthy(origin, server);
    await registerAdmin(origin);
  } catch (error) {
    await stopProcess(server);
    await database.drop();
    await rm(outboxDir, { recursive: true, force: true });
    throw error;
  }
  return {
    origin,
    outboxDir,
    databaseKind: serverUrl ? "postgres" : "embedded",
    async stop() {
      await stopProcess(server);
      await database.drop();
      await rm(outboxDir, { recursive: true, force: true });
      log.end();
    },
  };
}

/** The one account ADMIN_EMAILS promotes, signed up like anyone else. */
async function registerAdmin(origin: string): Promise<void> {
  const response = await fetch(`${origin}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: E2E_ADMIN_EMAIL, password: PASSWORD, name: "Admin" }),
  });
  if (response.status !== 201) throw new Error(`admin sign-up answered ${response.status}`);
}

async function waitUntilHealthy(origin: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      const response = await fetch(`${origin}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${origin}/api/health did not answer within 60 s`);
}

/** SIGTERM to the server's own process group (it may fork), SIGKILL if it lingers. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = once(child, "exit");
  process.kill(-child.pid, "SIGTERM");
  const timeout = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timeout);
}
