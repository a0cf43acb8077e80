/**
 * `npm run dev`: the whole app on a laptop with no cloud account. Starts the embedded database
 * (unless DATABASE_URL is set), applies migrations, then runs `next dev` against it. Ctrl-C
 * stops Next first, then closes the database cleanly.
 */
import { spawn } from "node:child_process";
import { openLocalDatabase } from "@/lib/db/local-database";
import { applyLocalSecrets } from "@/lib/dev/local-secrets";

const args = process.argv.slice(2);
const port = portFrom(args) ?? process.env.PORT ?? "3000";

applyLocalSecrets();
const database = await openLocalDatabase(process.env.DATABASE_URL);
console.log(
  database.embedded
    ? "▲ Embedded PostgreSQL (PGlite) ready, data in .data/pglite, migrations applied"
    : "▲ Migrations applied to DATABASE_URL",
);

const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", ...args], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: database.url,
    BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? `http://localhost:${port}`,
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
