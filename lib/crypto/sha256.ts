import { hash } from "node:crypto";

/**
 * SHA-256 of a string (UTF-8), as base64url: how values we only ever compare are kept (codes,
 * refresh tokens, keys, secrets) and how rate-limit keys lose the personal data they hold. Node's
 * one-shot `hash`, not a `createHash` object: it runs on every guarded request (the rate limit's
 * key), where the object's allocation showed in profiles.
 */
export const sha256 = (value: string): string => hash("sha256", value, "base64url");

/**
 * The same digest as bytes, for `timingSafeEqual`: two presented and expected secrets of any
 * lengths compared as digests of equal length.
 */
export const sha256Bytes = (value: string): Buffer => hash("sha256", value, "buffer");
