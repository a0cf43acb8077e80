/**
 * `npm run dev`: the whole app on a laptop with no cloud account. Starts the embedded database
 * (unless DATABASE_URL is set), applies migrations, then runs `next dev` against it. Ctrl-C
 * stops Next first, then closes the database cleanly.
 */
import { spawn } from "node:child_process";
import { devListenArgs, isLoopbackOnly } from "@/lib/dev/listen-host";
import { openLocalDatabase } from "@/lib/dev/local-database";
import { applyLocalSecrets, ensurePrivateDataDir } from "@/lib/dev/local-secrets";

const { host, nextArgs } = devListenArgs(process.argv.slice(2));
const port = portFrom(nextArgs) ?? process.env.PORT ?? "3000";

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

const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", ...nextArgs], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: database.url,
    BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? `http://localhost:${port}`,
    DEV_SERVER_HOST: host,
  },
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

function portFrom(argv: string[]): string | undefined {
  const index = argv.findIndex((arg) => arg === "-p" || arg === "--port");
  return index >= 0 ? argv[index + 1] : undefined;
}
