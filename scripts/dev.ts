/**
 * `npm run dev`: the whole app on a laptop with no cloud account. Starts the embedded database
 * (unless DATABASE_URL is set), applies migrations, runs `next dev` against it, and once it
 * answers, compiles the pages and routes a first visit uses (lib/dev/warm-up.ts). The app has
 * one address, BETTER_AUTH_URL's (http://localhost:3000 by default), printed first; any other
 * name of the server redirects there (lib/dev/one-origin.ts). Ctrl-C stops Next first, then
 * closes the database cleanly.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import nextEnv from "@next/env";
import { devListenArgs, isLoopbackOnly, localAddress } from "@/lib/dev/listen-host";
import { openLocalDatabase } from "@/lib/dev/local-database";
import { applyLocalSecrets, ensurePrivateDataDir } from "@/lib/dev/local-secrets";
import { nextOutputFilter } from "@/lib/dev/next-output";
import { warmUp } from "@/lib/dev/warm-up";

// The .env files next dev reads, read here first: the address, the token mode and the secrets
// this script uses (to print, and to warm up) are the ones the server will use.
nextEnv.loadEnvConfig(process.cwd(), true, { info: () => {}, error: console.error });
const { host, nextArgs } = devListenArgs(process.argv.slice(2));
const port = portFrom(nextArgs) ?? process.env.PORT ?? "3000";
const origin = new URL(process.env.BETTER_AUTH_URL ?? `http://localhost:${port}`).origin;
process.env.BETTER_AUTH_URL = origin;

console.log(`▲ Taskflow: ${origin}`);
// Secrets, the embedded database and reset links live here: the owner's only.
ensurePrivateDataDir();
applyLocalSecrets();
const database = await openLocalDatabase(process.env.DATABASE_URL);
console.log(
  database.embedded
    ? "▲ Embedded PostgreSQL (PGlite) ready, data in .data/pglite, migrations applied"
    : "▲ Migrations applied to DATABASE_URL",
);
console.log(
  isLoopbackOnly(host)
    ? `▲ Listening on ${host} only (this machine); --host opens it to the network`
    : `▲ Listening on ${host}: reachable from the network; /dev/outbox is off`,
);
if (!process.env.SMTP_URL && isLoopbackOnly(host)) {
  console.log(`▲ Mail (no SMTP_URL): ${origin}/dev/outbox`);
}

const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", ...nextArgs], {
  stdio: ["inherit", "pipe", "inherit"],
  env: {
    NEXT_TELEMETRY_DISABLED: "1",
    // Next's colours survive the pipe when this terminal shows them.
    ...(process.stdout.isTTY && { FORCE_COLOR: "1" }),
    ...process.env,
    DATABASE_URL: database.url,
    DEV_SERVER_HOST: host,
  },
});

let warming = true;
const shown = nextOutputFilter(() => warming);
createInterface({ input: next.stdout }).on("line", (line) => {
  if (shown(line)) console.log(line);
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    next.kill(signal);
  });
}

next.on("exit", async (code) => {
  await database.stop();
  process.exit(stopping ? 0 : (code ?? 1));
});

const started = Date.now();
// Asked where Next listens, which may not be where the origin points (`--host 192.168.1.20`);
// any answer will do, the one-origin redirect included.
if (await untilAnswering(localAddress(host, port))) {
  console.log("▲ Compiling the pages a first visit uses…");
  await warmUp(origin);
  warming = false;
  console.log(`▲ Ready in ${Math.round((Date.now() - started) / 1000)} s: open ${origin}`);
}

function portFrom(argv: string[]): string | undefined {
  const index = argv.findIndex((arg) => arg === "-p" || arg === "--port");
  return index >= 0 ? argv[index + 1] : undefined;
}

/** Whether `next dev` answered at `url`: false when it exited first. */
async function untilAnswering(url: string): Promise<boolean> {
  while (next.exitCode === null && !stopping) {
    const answered = await fetch(`${url}/api/health`, { redirect: "manual" }).then(
      () => true,
      () => false,
    );
    if (answered) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
