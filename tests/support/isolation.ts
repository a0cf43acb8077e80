import { vi } from "vitest";

/**
 * Imports a module as a fresh server instance would see it: with these environment variables
 * (lib/env.ts parses once per module instance) and its own module state (rate-limit counters,
 * Redis client). Every change is undone by `restoreEnv()` (call it in afterEach).
 */
const saved = new Map<string, string | undefined>();

export async function importWithEnv<Module>(
  load: () => Promise<Module>,
  env: Record<string, string | undefined> = {},
): Promise<Module> {
  // A server started outside NODE_ENV=test has no TEST_BCRYPT_COST (lib/env.ts refuses it there)
  // unless the caller names it on purpose.
  const outsideTests = env.NODE_ENV !== undefined && env.NODE_ENV !== "test";
  const imitated = outsideTests ? { TEST_BCRYPT_COST: undefined, ...env } : env;
  for (const [name, value] of Object.entries(imitated)) {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
  // Its own rate-limit counters too, which lib/rate-limit/index.ts keeps on globalThis.
  delete (globalThis as { __taskflowRateLimiters?: unknown }).__taskflowRateLimiters;
  return load();
}

export function restoreEnv(): void {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  saved.clear();
}

/**
 * Freezes the clock in the middle of a minute. Sliding windows weigh the previous minute, so a
 * test whose requests straddle a minute boundary could see one count fall away (floor(19.99)):
 * tests that count requests to a limit must not depend on when they happen to run.
 */
export function freezeClockMidMinute(): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
}
