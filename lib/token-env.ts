import { parseSigningKey, type SigningKeyInput } from "./env/signing-key-input";

/**
 * The variables the page proxy (proxy.ts) reads, with the token and cookie code it shares with
 * route handlers. Read here without zod: what the proxy imports statically loads before the first
 * page of every instance, and importing zod alone takes ~95 ms on a 2-core machine (jose ~55).
 * lib/env.ts still validates these same variables, with everything else, at server start
 * (instrumentation.ts: a missing or weak secret stops the server there, naming it); it takes
 * their defaults and source rules from this module, and tests/unit/token-env.test.ts checks that
 * both read the same values. A value the token code cannot use is refused here too, naming the
 * variable, so a token check fails closed instead of guessing.
 */
export type TokenEnv = {
  NODE_ENV: "development" | "test" | "production";
  BETTER_AUTH_URL: string;
  JWT_ALGORITHM: "HS256" | "ES256";
  ACCESS_TOKEN_EXPIRE_MINUTES: number;
  JWT_SECRET_KEY?: string;
  JWT_SECRET_KEY_PREVIOUS?: string;
  JWT_SIGNING_KEY?: SigningKeyInput;
  JWT_SIGNING_KEY_PREVIOUS?: SigningKeyInput;
  JWT_SIGNING_KEY_NEXT?: SigningKeyInput;
};

export const TOKEN_DEFAULTS = {
  NODE_ENV: "development",
  JWT_ALGORITHM: "HS256",
  ACCESS_TOKEN_EXPIRE_MINUTES: 30,
  // Outside production: the local dev server.
  DEVELOPMENT_URL: "http://localhost:3000",
} as const;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join("\n  - ")}`);
    this.name = "EnvError";
  }
}

export type EnvSource = Record<string, string | undefined>;

/** `FOO=` in an env file means "not set", not "set to the empty string". */
export function withoutEmptyStrings(source: EnvSource): EnvSource {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
}

/**
 * A Vercel preview deployment has no origin known before it exists, so there BETTER_AUTH_URL
 * defaults to the deployment's own URL (VERCEL_URL, set by Vercel; docs/deploy.md). Production
 * must name its domain.
 */
export function withPreviewOrigin(source: EnvSource): EnvSource {
  if (source.BETTER_AUTH_URL || source.VERCEL_ENV !== "preview" || !source.VERCEL_URL) {
    return source;
  }
  return { ...source, BETTER_AUTH_URL: `https://${source.VERCEL_URL}` };
}

const NODE_ENVS = ["development", "test", "production"] as const;
const ALGORITHMS = ["HS256", "ES256"] as const;
const SIGNING_KEYS = [
  "JWT_SIGNING_KEY",
  "JWT_SIGNING_KEY_PREVIOUS",
  "JWT_SIGNING_KEY_NEXT",
] as const;

/** Pure: the token variables from `source`, or an EnvError naming each unusable one. */
export function parseTokenEnv(raw: EnvSource): TokenEnv {
  const source = withPreviewOrigin(withoutEmptyStrings(raw));
  const problems: string[] = [];
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = source[name] ?? fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(", ")}`);
    return fallback;
  };
  const NODE_ENV = oneOf("NODE_ENV", NODE_ENVS, TOKEN_DEFAULTS.NODE_ENV);
  const env: TokenEnv = {
    NODE_ENV,
    // Production must name it; a missing one fails the URL check below.
    BETTER_AUTH_URL:
      source.BETTER_AUTH_URL ?? (NODE_ENV === "production" ? "" : TOKEN_DEFAULTS.DEVELOPMENT_URL),
    JWT_ALGORITHM: oneOf("JWT_ALGORITHM", ALGORITHMS, TOKEN_DEFAULTS.JWT_ALGORITHM),
    ACCESS_TOKEN_EXPIRE_MINUTES: Number(
      source.ACCESS_TOKEN_EXPIRE_MINUTES ?? TOKEN_DEFAULTS.ACCESS_TOKEN_EXPIRE_MINUTES,
    ),
    JWT_SECRET_KEY: source.JWT_SECRET_KEY,
    JWT_SECRET_KEY_PREVIOUS: source.JWT_SECRET_KEY_PREVIOUS,
  };
  if (!URL.canParse(env.BETTER_AUTH_URL)) problems.push("BETTER_AUTH_URL is missing or not a URL");
  if (!(Number.isInteger(env.ACCESS_TOKEN_EXPIRE_MINUTES) && env.ACCESS_TOKEN_EXPIRE_MINUTES > 0)) {
    problems.push("ACCESS_TOKEN_EXPIRE_MINUTES must be a positive whole number");
  }
  for (const name of SIGNING_KEYS) {
    const value = source[name];
    if (value === undefined) continue;
    const parsed = parseSigningKey(name, value);
    if ("problem" in parsed) problems.push(parsed.problem);
    else env[name] = parsed.key;
  }
  if (problems.length > 0) throw new EnvError(problems);
  return env;
}

let cached: TokenEnv | undefined;

/** Read once per process, like lib/env.ts's `getEnv`. */
export function getTokenEnv(): TokenEnv {
  cached ??= parseTokenEnv(process.env);
  return cached;
}
