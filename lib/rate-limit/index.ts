import type { Redis } from "@upstash/redis";
import { sha256 } from "@/lib/crypto/sha256";
import { type Env, getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { describeError, logEvent, throttled } from "@/lib/http/log";
import type { RateLimiter, RateLimitResult } from "./limiter";
import { createMemoryLimiter } from "./memory";
import { createRedisClient, createRedisLimiter, type RedisConnection } from "./redis";
import { type RateLimitName, ruleFor } from "./rules";

export type { RateLimitResult } from "./limiter";
export type { RateLimitName } from "./rules";

/**
 * The one call routes make: counts a request against a named limit and throws a 429 HttpError
 * (Retry-After, RateLimit-*) when it is over. Call it before any expensive or secret work (a
 * bcrypt hash) so a flood costs the attacker as much as it costs us.
 */
export async function enforceRateLimit(name: RateLimitName, key: string): Promise<RateLimitResult> {
  const result = await limiterFor(name).limit(counterKey(key));
  if (!result.success) throw tooManyRequests(result);
  return result;
}

/**
 * The same count for work that must not answer differently when over the limit (a mail that is
 * silently not sent): true while `key` is within it.
 */
export async function withinRateLimit(name: RateLimitName, key: string): Promise<boolean> {
  return (await limiterFor(name).limit(counterKey(key))).success;
}

/** Forgets a key's count under a named limit, on every instance that shares Redis. */
export async function resetRateLimit(name: RateLimitName, key: string): Promise<void> {
  await limiterFor(name).reset(counterKey(key));
}

function tooManyRequests(result: RateLimitResult): HttpError {
  const seconds = result.retryAfterSeconds;
  return new HttpError(
    429,
    "rate_limited",
    `Too many attempts. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`,
    {
      headers: {
        "retry-after": String(seconds),
        "ratelimit-limit": String(result.limit),
        "ratelimit-remaining": String(result.remaining),
        "ratelimit-reset": String(seconds),
      },
    },
  );
}

// Keys hold emails and IPs: hashed, Redis stores no personal data, and a 64 KB "email" costs
// the same small key as any other.
function counterKey(key: string): string {
  return sha256(key);
}

// One set per process, on globalThis: Next.js bundles the proxy (whose page refresh counts the
// refresh limit) apart from the route handlers, each bundle with its own copy of this module, and
// counts kept per copy would let a family refresh as often again through pages. Tests start a
// fresh set with fresh modules (tests/support/setup.ts, isolation.ts).
const holder = globalThis as typeof globalThis & {
  __taskflowRateLimiters?: Map<RateLimitName, RateLimiter>;
};
holder.__taskflowRateLimiters ??= new Map();
const limiters = holder.__taskflowRateLimiters;
let redis: Redis | undefined;

function limiterFor(name: RateLimitName): RateLimiter {
  let limiter = limiters.get(name);
  if (!limiter) {
    limiter = createLimiter(name, getEnv());
    limiters.set(name, limiter);
  }
  return limiter;
}

const warnOncePerMinute = throttled(60_000);

function sharedRedis(connection: RedisConnection): Redis {
  redis ??= createRedisClient(connection);
  return redis;
}

/**
 * Where the limits are counted right now, for the readiness check: in Redis, shared by every
 * instance, or in this instance's memory (no Redis configured, or Redis not answering, when each
 * limiter falls back to its local count). Never throws: a Redis outage weakens the limits, it
 * does not stop the app.
 */
export async function rateLimitStore(): Promise<
  { rateLimits: "memory"; redis?: "unavailable" } | { rateLimits: "redis"; redis: "ok" }
> {
  const env = getEnv();
  const url = env.UPSTASH_REDIS_REST_URL;
  const token = env.UPSTASH_REDIS_REST_TOKEN;
  if (!url || !token) return { rateLimits: "memory" };
  try {
    await sharedRedis({ url, token, timeoutMs: env.RATE_LIMIT_REDIS_TIMEOUT_MS }).ping();
    return { rateLimits: "redis", redis: "ok" };
  } catch {
    return { rateLimits: "memory", redis: "unavailable" };
  }
}

function createLimiter(name: RateLimitName, env: Env): RateLimiter {
  const rule = ruleFor(name, env);
  const local = createMemoryLimiter(rule);
  const url = env.UPSTASH_REDIS_REST_URL;
  const token = env.UPSTASH_REDIS_REST_TOKEN;
  if (!url || !token) return local;

  const timeoutMs = env.RATE_LIMIT_REDIS_TIMEOUT_MS;
  return createRedisLimiter({
    redis: sharedRedis({ url, token, timeoutMs }),
    rule,
    prefix: `${env.RATE_LIMIT_PREFIX}:${name}`,
    timeoutMs,
    local,
    onRedisFailure: (error) =>
      warnOncePerMinute(() =>
        logEvent("warn", "rate_limit_redis_unavailable", {
          fallback: "in-process limits on this instance",
          error: describeError(error),
        }),
      ),
  });
}
