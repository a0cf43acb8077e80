import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@/lib/db/embedded";
import { LOOPBACK_HOST } from "@/lib/dev/listen-host";
import { stopProcess, waitUntilReady } from "../../support/next-server";

/**
 * `next dev` as `npm run dev` runs it (loopback only, so its development pages answer), for the
 * pages that exist nowhere else: a production build answers /dev/outbox with 404 by design.
 * Next keeps a development build apart from `next build`'s (.next/dev), so it runs beside the
 * production server of the other journeys. No database: the pages it serves here read none.
 */
export type DevServer = { origin: string; outboxDir: string; stop: () => Promise<void> };

export async function startDevServer(options: {
  log: string;
  /** The page to compile before the server counts as ready (the first visit compiles it). */
  warm: string;
}): Promise<DevServer> {
  const port = await findFreePort();
  const origin = `http://${LOOPBACK_HOST}:${port}`;
  const outboxDir = await mkdtemp(path.join(tmpdir(), "taskflow-e2e-dev-outbox-"));
  const log = createWriteStream(options.log);
  const server = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "dev", "-p", String(port), "--hostname", LOOPBACK_HOST],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "development",
        NEXT_TELEMETRY_DISABLED: "1",
        DEV_SERVER_HOST: LOOPBACK_HOST,
        BETTER_AUTH_URL: origin,
        // Given, so that next.config.ts generates none into this checkout's .data/.
        BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
        JWT_SECRET_KEY: randomBytes(32).toString("base64url"),
        EMAIL_OUTBOX_DIR: outboxDir,
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const stop = async () => {
    await stopProcess(server);
    await rm(outboxDir, { recursive: true, force: true });
    log.end();
  };
  try {
    // A cold compile on a busy machine takes tens of seconds.
    await waitUntilReady(origin, server, (at) => answers(`${at}${options.warm}`), 180);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, outboxDir, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false; // Not listening yet.
  }
}
