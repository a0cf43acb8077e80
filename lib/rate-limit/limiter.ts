/**
 * One interface, two implementations with the same sliding-window semantics: `memory.ts`
 * (in-process: development, tests, and the fallback while Redis is unreachable) and `redis.ts`
 * (@upstash/ratelimit, shared by every instance).
 *
 * The window is Upstash's "sliding window": the current fixed window's count plus the previous
 * window's count weighted by how much of it still overlaps the last `windowMs`. Denied requests
 * are not counted, so a client that keeps hammering is not locked out for longer.
 */
export type RateLimitRule = { limit: number; windowMs: number };

export type RateLimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix ms at which the current window ends: just after it, one request is allowed again. */
  resetAt: number;
  /** Whole seconds until strictly after `resetAt` (Retry-After must not land on a denial). */
  retryAfterSeconds: number;
};

export interface RateLimiter {
  /** Counts one request for `key` (when allowed) and says whether it may proceed. */
  limit(key: string): Promise<RateLimitResult>;
  /** Forgets `key`'s count (a proven owner, e.g. after a password reset). */
  reset(key: string): Promise<void>;
}

export function rateLimitResult(
  { success, limit, remaining, resetAt }: Omit<RateLimitResult, "retryAfterSeconds">,
  now: number,
): RateLimitResult {
  const retryAfterSeconds = Math.max(1, Math.floor((resetAt - now) / 1000) + 1);
  return { success, limit, remaining: Math.max(0, remaining), resetAt, retryAfterSeconds };
}
