import { describe, expect, it } from "vitest";
import { createMemoryLimiter } from "@/lib/rate-limit/memory";

const MINUTE = 60_000;

function limiterAt(start: number, limit = 5) {
  const clock = { now: start };
  const limiter = createMemoryLimiter({ limit, windowMs: MINUTE }, () => clock.now);
  const attempts = async (count: number, key = "k") => {
    const results = [];
    for (let i = 0; i < count; i++) results.push(await limiter.limit(key));
    return results;
  };
  return { clock, limiter, attempts };
}

describe("in-process sliding window", () => {
  it("allows the limit, counting down remaining, then denies", async () => {
    const { attempts } = limiterAt(10 * MINUTE);
    const results = await attempts(6);
    expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(results[5]).toMatchObject({ limit: 5, resetAt: 11 * MINUTE });
  });

  it("keeps separate counters per key", async () => {
    const { attempts } = limiterAt(10 * MINUTE);
    await attempts(5, "a");
    expect((await attempts(1, "a"))[0]?.success).toBe(false);
    expect((await attempts(1, "b"))[0]?.success).toBe(true);
  });

  it("weighs the previous window by how much of it still overlaps the last minute", async () => {
    const { clock, attempts } = limiterAt(10 * MINUTE);
    await attempts(5);
    // A quarter into the next window, 3/4 of the previous 5 still count: floor(3.75) = 3.
    clock.now = 11 * MINUTE + MINUTE / 4;
    const results = await attempts(3);
    expect(results.map((r) => r.success)).toEqual([true, true, false]);
  });

  it("does not count denied requests, so hammering does not extend the lockout", async () => {
    const { clock, attempts } = limiterAt(10 * MINUTE);
    await attempts(5);
    await attempts(50);
    clock.now = 12 * MINUTE + 1;
    expect((await attempts(5)).every((r) => r.success)).toBe(true);
  });

  it("tells a denied client to come back just after the window ends, when one request passes", async () => {
    const { clock, attempts } = limiterAt(10 * MINUTE + 20_500);
    await attempts(5);
    const [denied] = await attempts(1);
    expect(denied?.retryAfterSeconds).toBe(40);
    clock.now += (denied?.retryAfterSeconds ?? 0) * 1000;
    expect((await attempts(2)).map((r) => r.success)).toEqual([true, false]);
  });
});
