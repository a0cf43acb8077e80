import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis as IORedis } from "ioredis";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
  vi,
} from "vitest";
import { createMemoryLimiter } from "@/lib/rate-limit/memory";
import { createRedisClient, createRedisLimiter } from "@/lib/rate-limit/redis";
import { freezeClockMidMinute, importWithEnv, restoreEnv } from "../support/isolation";
import { startUpstashBridge, type UpstashBridge } from "../support/upstash-bridge";

// The real @upstash/redis and @upstash/ratelimit code, over tests/support/upstash-bridge.ts, on
// the machine's Redis. CI always sets TEST_REDIS_URL (global setup refuses to run without it).
const redisUrl = inject("redisUrl");
const PREFIX = `taskflow-test:${randomUUID()}`;
const RULE = { limit: 5, windowMs: 60_000 };
// Long enough for a Redis that answers on a loaded machine (300 ms timed out with test files
// running in parallel beside other work); the hanging-Redis test sets its own short one.
const ANSWERING_TIMEOUT_MS = 3_000;

async function loadEnforce(env: Record<string, string>) {
  return importWithEnv(() => import("@/lib/rate-limit"), {
    RATE_LIMIT_PREFIX: `${PREFIX}:app`,
    RATE_LIMIT_REDIS_TIMEOUT_MS: String(ANSWERING_TIMEOUT_MS),
    ...env,
  });
}

async function statuses(enforce: () => Promise<unknown>, count: number): Promise<number[]> {
  const results: number[] = [];
  for (let i = 0; i < count; i++) {
    results.push(
      await enforce().then(
        () => 200,
        (error: { status?: number }) => error.status ?? 500,
      ),
    );
  }
  return results;
}

const redisFailureLines = (warn: { mock: { calls: unknown[][] } }) =>
  warn.mock.calls.filter(([line]) =>
    String(line).includes('"event":"rate_limit_redis_unavailable"'),
  );

describe.skipIf(!redisUrl)("rate limits on Redis through the Upstash REST protocol", () => {
  let bridge: UpstashBridge;
  let cleaner: IORedis;

  beforeAll(async () => {
    bridge = await startUpstashBridge(redisUrl ?? "");
    cleaner = new IORedis(redisUrl ?? "");
  });
  afterAll(async () => {
    const keys = await cleaner.keys(`${PREFIX}:*`);
    if (keys.length > 0) await cleaner.del(...keys);
    cleaner.disconnect();
    await bridge.close();
  });
  beforeEach(freezeClockMidMinute);
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    restoreEnv();
  });

  function redisLimiter(target: { url: string; token: string }, name: string) {
    const redis = createRedisClient({ ...target, timeoutMs: ANSWERING_TIMEOUT_MS });
    return createRedisLimiter({
      redis,
      rule: RULE,
      prefix: `${PREFIX}:${name}`,
      timeoutMs: ANSWERING_TIMEOUT_MS,
      local: createMemoryLimiter(RULE),
      onRedisFailure: (error) => {
        throw new Error(`Redis should have answered: ${String(error)}`);
      },
    });
  }

  it("decides exactly as the in-process limiter does, as the window slides", async () => {
    const redis = redisLimiter(bridge, "same-semantics");
    const memory = createMemoryLimiter(RULE);
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    // Seconds into the timeline, and requests sent then: a full window just before a minute
    // boundary, a denial after it, then the previous minute's weight fading out.
    const timeline: [number, number][] = [
      [59, 7],
      [61, 2],
      [75, 2],
      [90, 3],
      [121, 6],
    ];
    const decisions: boolean[] = [];
    for (const [second, requests] of timeline) {
      vi.setSystemTime(minute + second * 1000);
      for (let i = 0; i < requests; i++) {
        const [fromRedis, fromMemory] = [await redis.limit("k"), await memory.limit("k")];
        expect(fromRedis).toEqual(fromMemory);
        decisions.push(fromRedis.success);
      }
    }
    // 5 of 7; then 1 each time the fading previous minute leaves room; then 3 more, as the
    // previous minute held only 3.
    expect(decisions.filter(Boolean)).toHaveLength(5 + 1 + 1 + 1 + 3);
  });

  it("shares one counter between two app instances", async () => {
    const first = await loadEnforce({
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: bridge.token,
    });
    const second = await loadEnforce({
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: bridge.token,
    });
    expect(first.enforceRateLimit).not.toBe(second.enforceRateLimit);
    const key = "shared@example.test";
    expect(await statuses(() => first.enforceRateLimit("login-account", key), 3)).toEqual([
      200, 200, 200,
    ]);
    expect(await statuses(() => second.enforceRateLimit("login-account", key), 3)).toEqual([
      200, 200, 429,
    ]);
    expect(await statuses(() => first.enforceRateLimit("login-account", key), 1)).toEqual([429]);
  });

  it("keeps the limit on this instance when Redis stops answering, and says so once", async () => {
    const doomed = await startUpstashBridge(redisUrl ?? "");
    const app = await loadEnforce({
      UPSTASH_REDIS_REST_URL: doomed.url,
      UPSTASH_REDIS_REST_TOKEN: doomed.token,
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await statuses(() => app.enforceRateLimit("register-ip", "203.0.113.7"), 3)).toEqual([
      200, 200, 200,
    ]);

    await doomed.close();
    expect(await statuses(() => app.enforceRateLimit("register-ip", "203.0.113.7"), 6)).toEqual([
      200, 200, 429, 429, 429, 429,
    ]);
    expect(redisFailureLines(warn)).toHaveLength(1);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain("203.0.113.7");

    vi.setSystemTime(Date.now() + 61_000);
    await app.enforceRateLimit("register-ip", "198.51.100.1");
    expect(redisFailureLines(warn)).toHaveLength(2);
  });

  it("never fails open when Redis hangs: the timeout counts as a failure", async () => {
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    try {
      const app = await loadEnforce({
        UPSTASH_REDIS_REST_URL: url,
        UPSTASH_REDIS_REST_TOKEN: "t",
        RATE_LIMIT_REDIS_TIMEOUT_MS: "300",
      });
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      expect(
        await statuses(() => app.enforceRateLimit("login-account", "hang@example.test"), 6),
      ).toEqual([200, 200, 200, 200, 200, 429]);
      expect(redisFailureLines(warn)).toHaveLength(1);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});
