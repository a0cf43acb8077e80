import { EnvError, type EnvSource } from "../token-env";

/**
 * Platforms that run as many instances of the app as traffic asks for, each recognised by a
 * variable it sets itself. Without Upstash every instance counts its own limits in memory, so
 * N instances let N times each limit through (a 5-per-minute login limit becomes 5N).
 */
const MULTI_INSTANCE_PLATFORMS: Record<string, string> = {
  VERCEL: "Vercel",
  NETLIFY: "Netlify",
  AWS_LAMBDA_FUNCTION_NAME: "AWS Lambda",
  K_SERVICE: "Google Cloud Run",
  FLY_APP_NAME: "Fly.io",
  DYNO: "Heroku",
};

export const PER_INSTANCE_OPT_OUT = "RATE_LIMIT_PER_INSTANCE";

/**
 * Production on such a platform refuses to start without Upstash (UPSTASH_REDIS_REST_URL and
 * _TOKEN), unless RATE_LIMIT_PER_INSTANCE=1 says per-instance limits are meant (one instance
 * pinned, a trial): then it starts with a warning naming the variable. Relative imports only:
 * lib/env.ts runs it, and next.config.ts loads that without path aliases.
 */
export function assertSharedLimits(source: EnvSource): void {
  if (source.NODE_ENV !== "production" || source.UPSTASH_REDIS_REST_URL) return;
  const platform = Object.keys(MULTI_INSTANCE_PLATFORMS).find((name) => source[name]);
  if (!platform) return;
  const where = `${MULTI_INSTANCE_PLATFORMS[platform]} (${platform} is set) runs several instances`;
  if (source[PER_INSTANCE_OPT_OUT] === "1") {
    console.warn(
      `${where} and UPSTASH_REDIS_REST_URL is not set: every instance counts the rate limits ` +
        `on its own, so each limit lets through as many times more as there are instances ` +
        `(${PER_INSTANCE_OPT_OUT}=1 allows this).`,
    );
    return;
  }
  throw new EnvError([
    `UPSTASH_REDIS_REST_URL is missing: ${where}, and without Upstash each counts the rate ` +
      `limits on its own, multiplying every limit. Set UPSTASH_REDIS_REST_URL and ` +
      `UPSTASH_REDIS_REST_TOKEN, or ${PER_INSTANCE_OPT_OUT}=1 to accept per-instance limits.`,
  ]);
}
