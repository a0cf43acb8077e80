import type { BetterAuthPlugin } from "better-auth";
import type { z } from "zod";
import type { Env } from "@/lib/env";
import type { HttpError } from "@/lib/http/errors";
import type { RateLimitName } from "@/lib/rate-limit/rules";

/**
 * What an auth feature says about itself, once: its Better Auth plugins and every Better Auth
 * endpoint it serves over HTTP, with the policy the front door applies to it (lib/auth/front-door/),
 * the answers the OpenAPI document shows, and what the token bridge strips from its answer. The
 * front door, the bridge, the OpenAPI document and docs/api.md's endpoint table only collect
 * these; a leaf, so that a feature and its collectors never import each other.
 */
export type Caller = "anyone" | "signed-in";

/** What a limit needs: the request, its parsed body and the signed-in account's email and id. */
export type LimitInput = {
  request: Request;
  body: Record<string, unknown>;
  accountEmail?: string;
  accountId?: string;
};

/**
 * A rate limit in front of an endpoint: the rows of lib/rate-limit/rules.ts it counts against
 * (for the docs), beside the function that counts them.
 */
export type AuthLimit = {
  names: readonly RateLimitName[];
  enforce: (input: LimitInput) => Promise<void>;
};

/** One documented answer: what it means, and its JSON body (a refusal's is Better Auth's error). */
export type EndpointAnswer = { description: string; body?: z.ZodType };

export type ServedEndpoint = {
  method: "GET" | "POST";
  caller: Caller;
  /** The JSON body it accepts; a GET takes none. Fields Better Auth's own client sends. */
  body?: z.ZodType<Record<string, unknown>>;
  /** Where set, the only query it accepts; where not, Better Auth reads what it reads. */
  query?: z.ZodObject;
  /** Counted before Better Auth hashes anything; Better Auth's own limiter is off. */
  limit: AuthLimit;
  /** The body field holding a password being chosen: checked for breaches after the limit. */
  newPasswordField?: string;
  /**
   * Answered at once with this body, and Better Auth runs after the answer: for the endpoints
   * that mail someone, whose timing would otherwise tell whether the account exists.
   */
  answeredAtOnce?: Record<string, unknown>;
  /** Its answers by status, for the OpenAPI document (the policy's own 400, 401, 429 aside). */
  answers: Record<number, EndpointAnswer>;
  /** Its answer less Better Auth's session token, for the endpoints whose answer carries one. */
  withoutSessionToken?: (answer: Record<string, unknown>) => Record<string, unknown>;
  why: string;
};

/** Our answer to one of Better Auth's error codes (undefined: its own answer stands). */
export type ErrorAnswer = (
  body: Record<string, unknown>,
) => HttpError | undefined | Promise<HttpError | undefined>;

export type AuthFeature = {
  /** Its Better Auth plugins, in order; every feature's run between the token bridge's halves. */
  plugins: (env: Env) => BetterAuthPlugin[];
  /** The Better Auth endpoints it serves over HTTP, by path (`:param` for one segment). */
  endpoints: Record<string, ServedEndpoint>;
  /** Better Auth's error codes its endpoints answer in our words (each code in one feature). */
  errors?: Record<string, ErrorAnswer>;
};

/** The answer of the endpoints that put the session token at its top level. */
export const withoutToken = <Answer extends { token?: unknown }>({
  token: _token,
  ...visible
}: Answer) => visible;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Error)
  );
}
