import os from "node:os";
import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/{unit,integration}/**/*.test.ts"],
    // Races between backends: the embedded database runs every statement in one queue, where
    // nothing races, so these files run only against a PostgreSQL server (TEST_DATABASE_URL).
    // Left out rather than skipped: a skipped test fails CI, which asks for every test it runs.
    exclude: [
      ...configDefaults.exclude,
      ...(process.env.TEST_DATABASE_URL ? [] : ["tests/**/*.postgres.test.ts"]),
    ],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup.ts"],
    // Test files run in parallel, a process each. Vitest's default is one worker fewer than the
    // cores (one on 2 cores); a worker spends about half its time waiting on the database, so
    // one more than the cores keeps them busy (docs/testing.md, "How fast, and why").
    maxWorkers: os.availableParallelism() + 1,
    // A worker runs its files in one process instead of a new one each: the packages (Better
    // Auth, Next.js, drizzle, zod) load once per worker, not once per file (~2 s each).
    // tests/support/setup.ts gives every file a fresh environment and fresh modules of ours.
    isolate: false,
    // Files that prove bcrypt cost 12 hash at ~290 ms (tests/support/setup.ts): headroom.
    testTimeout: 30_000,
    // Under a loaded machine a private embedded database (start + migrate) can take tens of
    // seconds.
    hookTimeout: 120_000,
    // What a test logs (a JSON line per request, mail sent, the errors a test provokes on
    // purpose) is printed only when it fails, where it explains the failure. Tests that check
    // log lines spy on the console, which still sees them.
    silent: "passed-only",
  },
});
