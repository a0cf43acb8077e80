import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";

/**
 * `next start` on the current build, as production runs it: NODE_ENV=production, fresh random
 * secrets, and nothing else from this process's environment. Each caller (e2e, bench, load)
 * adds the variables its run needs, in the open. The server gets its own process group, so
 * `stop` also ends anything it forked.
 */
export type NextServer = { origin: string; secret: string; stop: () => Promise<void> };

export async function startNextServer(options: {
  port: number;
  databaseUrl: string;
  /** The public origin (BETTER_AUTH_URL); `http://127.0.0.1:<port>` unless given. */
  origin?: string;
  env?: Record<string, string>;
  /** Where stdout and stderr go; without it stdout is dropped and stderr is this process's. */
  log?: Writable;
  /**
   * Whether the server is up yet, asked every 250 ms: by default /api/health answers 200. A
   * cold-start measure passes a check that sends no request (the port is open).
   */
  ready?: (origin: string) => Promise<boolean>;
}): Promise<NextServer> {
  const origin = options.origin ?? `http://127.0.0.1:${options.port}`;
  const secret = randomBytes(32).toString("base64url");
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(options.port),
    DATABASE_URL: options.databaseUrl,
    BETTER_AUTH_URL: origin,
    BETTER_AUTH_SECRET: secret,
    JWT_SECRET_KEY: randomBytes(32).toString("base64url"),
    // Production off Vercel names its client-IP header (lib/env.ts): these servers are reached
    // directly, with no proxy in front to set one.
    TRUSTED_IP_HEADER: "none",
    // No SMTP server here: mail goes to the outbox (EMAIL_OUTBOX_DIR), where journeys read it.
    EMAIL_OUTBOX_IN_PRODUCTION: "1",
    ...options.env,
  };
  const server = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(options.port)],
    {
      env,
      stdio: ["ignore", options.log ? "pipe" : "ignore", options.log ? "pipe" : "inherit"],
      detached: true,
    },
  );
  if (options.log) {
    server.stdout?.pipe(options.log);
    server.stderr?.pipe(options.log);
  }
  try {
    await waitUntilReady(origin, server, options.ready ?? answersHealth);
  } catch (error) {
    await stopProcess(server);
    throw error;
  }
  return { origin, secret, stop: () => stopProcess(server) };
}

async function answersHealth(origin: string): Promise<boolean> {
  try {
    return (await fetch(`${origin}/api/health`)).ok;
  } catch {
    return false; // Not listening yet.
  }
}

/** Asks `ready` every 250 ms until it says yes; fails when the server exits or time runs out. */
export async function waitUntilReady(
  origin: string,
  server: ChildProcess,
  ready: (origin: string) => Promise<boolean>,
  seconds = 60,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    if (await ready(origin)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${origin} was not ready within ${seconds} s`);
}

/** SIGTERM to the server's own process group, SIGKILL if it lingers. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = once(child, "exit");
  process.kill(-child.pid, "SIGTERM");
  const timeout = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timeout);
}
