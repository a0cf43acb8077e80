import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, inject, onTestFinished, vi } from "vitest";
import { TEST_ORIGIN } from "./http";

// Runs before every test file is imported. A worker runs several files, one after another, in one
// process (vitest.config.ts): each starts from the worker's environment as it found it, and with
// our modules (lib/env.ts's parsed environment, rate-limit counters, ...) loaded afresh.
const holder = globalThis as typeof globalThis & { __taskflowWorkerEnv?: NodeJS.ProcessEnv };
holder.__taskflowWorkerEnv ??= { ...process.env };
for (const name of Object.keys(process.env)) {
  if (!(name in holder.__taskflowWorkerEnv)) delete process.env[name];
}
Object.assign(process.env, holder.__taskflowWorkerEnv);
vi.resetModules();
// The rate limiters live on globalThis (lib/rate-limit/index.ts): fresh modules, fresh counts.
delete (globalThis as { __taskflowRateLimiters?: unknown }).__taskflowRateLimiters;
// A test that fakes the clock (freezeClockMidMinute, vi.useFakeTimers) gets the real one back
// when it ends, whether or not it restores it: a clock left frozen would reach the next file of
// this worker, where a date the test sets "one second ago" can be seconds in the future.
vi.useRealTimers();
// Likewise a spy an earlier file left in place (a silenced console.warn would hide this file's
// warnings from the tests that count them).
vi.restoreAllMocks();
afterEach(() => {
  vi.useRealTimers();
});

const databaseUrls = inject("databaseUrls");
process.env.DATABASE_URL =
  databaseUrls[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % databaseUrls.length];
Object.assign(process.env, inject("secrets"));
process.env.BETTER_AUTH_URL = TEST_ORIGIN;
export const TEST_ADMIN_EMAIL = "founder@admins.test";
process.env.ADMIN_EMAILS = TEST_ADMIN_EMAIL;
// The tests stand where a reverse proxy would: they set X-Real-IP themselves (support/http.ts).
// Named explicitly, as production off Vercel must (lib/env.ts), for the tests that run as it.
process.env.TRUSTED_IP_HEADER = "x-real-ip";

// Two resource servers may call POST /api/auth/introspect (introspection.test.ts), whose limit
// is low enough here for a test to reach it.
export const TEST_RESOURCE_SERVERS = {
  orders: `orders-${randomUUID()}-${randomUUID()}`,
  billing: `billing-${randomUUID()}-${randomUUID()}`,
};
process.env.RESOURCE_SERVER_SECRETS = Object.entries(TEST_RESOURCE_SERVERS)
  .map(([name, secret]) => `${name}:${secret}`)
  .join(",");
process.env.RATE_LIMIT_INTROSPECT_CLIENT = "40/1m";

// Test accounts hash at bcrypt cost 4 (~1 ms) instead of 12 (~290 ms): the suite signs up
// hundreds. The tests that prove the cost-12 contract drop it (hashAtProductionCostInThisTest).
const TEST_BCRYPT_COST = "4";
process.env.TEST_BCRYPT_COST = TEST_BCRYPT_COST;

/** Hashes at the production cost (bcrypt cost 12) for the rest of the calling test. */
export function hashAtProductionCostInThisTest(): void {
  delete process.env.TEST_BCRYPT_COST;
  onTestFinished(() => {
    process.env.TEST_BCRYPT_COST = TEST_BCRYPT_COST;
  });
}

// The driver is named explicitly either way, so lib/db/client.ts never guesses from the host.
process.env.DATABASE_DRIVER = inject("databaseDriver");
const neonWsProxy = inject("neonWsProxy");
if (neonWsProxy) (await import("./neon-ws-proxy")).routeNeonThroughProxy(neonWsProxy);

// Mail sent without SMTP lands in the outbox: a fresh one per test file, never .data/outbox.
export const TEST_OUTBOX = mkdtempSync(path.join(tmpdir(), "taskflow-test-outbox-"));
process.env.EMAIL_OUTBOX_DIR = TEST_OUTBOX;
// As `npm run dev` on its default, loopback-only host: /dev/outbox answers there.
process.env.DEV_SERVER_HOST = "127.0.0.1";

// At the end of a file, in this order: the mail and lookups its requests left running outside a
// request (runAfterResponse) end, then the database closes, then the outbox goes. Both modules
// keep their state on globalThis, and are loaded here only by a file that used them: loading
// the database drivers only to close nothing cost each unit file ~0.8 s.
afterAll(async () => {
  if ((globalThis as { __taskflowAfterResponse?: unknown }).__taskflowAfterResponse) {
    await (await import("@/lib/http/after-response")).settleAfterResponseWork();
  }
  if ((globalThis as { __taskflowDb?: unknown }).__taskflowDb) {
    await (await import("@/lib/db/client")).closeDb();
  }
  rmSync(TEST_OUTBOX, { recursive: true, force: true });
});
