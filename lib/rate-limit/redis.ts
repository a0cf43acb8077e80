import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { type RateLimiter, type RateLimitRule, rateLimitResult } from "./limiter";

export type RedisConnection = { url: string; token: string; timeoutMs: number };

/**
 * An @upstash/redis client that gives up quickly. The library retries a failed fetch five times
 * with exponential backoff by default (seconds of waiting while a login hangs); here a request
 * gets one try, aborted after `timeoutMs`, and the limiter answers from its local count.
 */
export function createRedisClient({ url, token, timeoutMs }: RedisConnection): Redis {
  return new Redis({
    url,
    token,
    retry: { retries: 0 },
    // A function, not one shared signal: each request gets its own deadline, and an aborted
    // request throws (a shared signal would make the client answer "Aborted" as a result).
    signal: () => AbortSignal.timeout(timeoutMs),
    enableTelemetry: false,
  });
}

type RedisLimiterOptions = {
  redis: Redis;
  rule: RateLimitRule;
  /** Key prefix, one per named limit: "taskflow:rate-limit:login-account". */
  prefix: string;
  timeoutMs: number;
  /**
   * This instance's own count of the same limit. It counts every request, so when Redis stops
   * answering the limit keeps holding here from where it stood, instead of starting afresh.
   */
  local: RateLimiter;
  onRedisFailure: (error: unknown) => void;
};

/** @upstash/ratelimit's sliding window: one counter shared by every instance of the app. */
export function createRedisLimiter({
  redis,
  rule,
  prefix,
  timeoutMs,
  local,
  onRedisFailure,
}: RedisLimiterOptions): RateLimiter {
  const ratelimit = new Ratelimit({
    redis,
    prefix,
    limiter: Ratelimit.slidingWindow(rule.limit, `${rule.windowMs} ms`),
    timeout: timeoutMs,
    // The ephemeral cache would deny locally until the end of the window, longer than the
    // sliding window itself does, so instances would disagree with each other and with the
    // in-process limiter. Every answer comes from Redis (or, failing that, the local count).
    ephemeralCache: false,
    analytics: false,
  });

  return {
    async limit(key) {
      const localResult = await local.limit(key);
      try {
        const result = await ratelimit.limit(key);
        // On its timeout the library answers success:true ("fail open"). Never trust that.
        if (result.reason === "timeout") throw new RedisTimeoutError(timeoutMs);
        return rateLimitResult(
          {
            success: result.success,
            limit: result.limit,
            remaining: result.remaining,
            resetAt: result.reset,
          },
          Date.now(),
        );
      } catch (error) {
        onRedisFailure(error);
        return localResult;
      }
    },
    async reset(key) {
      await local.reset(key);
      try {
        await ratelimit.resetUsedTokens(key);
      } catch (error) {
        onRedisFailure(error);
      }
    },
  };
}

class RedisTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs} ms`);
    this.name = "RedisTimeoutError";
  }
}
