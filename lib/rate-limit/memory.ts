import { type RateLimiter, type RateLimitRule, rateLimitResult } from "./limiter";

type Counter = { window: number; current: number; previous: number };

/**
 * In-process sliding window, the same arithmetic as @upstash/ratelimit's `slidingWindow` Lua
 * script, so a limit behaves alike with and without Redis. State lives in this instance only:
 * on serverless every instance counts on its own, which is why production uses Redis.
 */
export function createMemoryLimiter(
  { limit, windowMs }: RateLimitRule,
  now: () => number = () => Date.now(),
): RateLimiter {
  const counters = new Map<string, Counter>();
  let lastSweep = now();

  // Counters older than the previous window no longer weigh anything: drop them once per
  // window so a flood of distinct keys cannot grow the map without bound.
  function sweep(window: number, at: number) {
    if (at - lastSweep < windowMs) return;
    lastSweep = at;
    for (const [key, counter] of counters) {
      if (counter.window < window - 1) counters.delete(key);
    }
  }

  return {
    async limit(key) {
      const at = now();
      const window = Math.floor(at / windowMs);
      sweep(window, at);
      const counter = rolled(counters.get(key), window);
      counters.set(key, counter);

      const overlap = 1 - (at % windowMs) / windowMs;
      const weightedPrevious = Math.floor(overlap * counter.previous);
      const resetAt = (window + 1) * windowMs;
      if (weightedPrevious + counter.current >= limit) {
        return rateLimitResult({ success: false, limit, remaining: 0, resetAt }, at);
      }
      counter.current += 1;
      const remaining = limit - (counter.current + weightedPrevious);
      return rateLimitResult({ success: true, limit, remaining, resetAt }, at);
    },
    async reset(key) {
      counters.delete(key);
    },
  };
}

function rolled(counter: Counter | undefined, window: number): Counter {
  if (counter?.window === window) return counter;
  const previous = counter?.window === window - 1 ? counter.current : 0;
  return { window, current: 0, previous };
}
