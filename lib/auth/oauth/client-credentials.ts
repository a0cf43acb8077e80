import { randomBytes, timingSafeEqual } from "node:crypto";
import { sha256 } from "@/lib/crypto/sha256";

/**
 * The identifiers and secrets of OAuth clients (docs/oauth.md), whoever registers them: a user in
 * Settings or the app itself (RFC 7591). Fixed prefixes, as for API keys: a secret scanner finds
 * a leaked secret by its shape, and a value that is not ours is refused without a query.
 */
export const CLIENT_ID_PREFIX = "tfc_";
export const CLIENT_SECRET_PREFIX = "tfcs_";

/** 16 random bytes name a client (22 characters); 32 make its secret (256 bits, 43 characters). */
const CLIENT_ID_BYTES = 16;
const CLIENT_SECRET_BYTES = 32;

const shape = (prefix: string, bytes: number) =>
  new RegExp(`^${prefix}[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`);

const CLIENT_ID_SHAPE = shape(CLIENT_ID_PREFIX, CLIENT_ID_BYTES);
const CLIENT_SECRET_SHAPE = shape(CLIENT_SECRET_PREFIX, CLIENT_SECRET_BYTES);

export const newClientId = () =>
  CLIENT_ID_PREFIX + randomBytes(CLIENT_ID_BYTES).toString("base64url");

export const newClientSecret = () =>
  CLIENT_SECRET_PREFIX + randomBytes(CLIENT_SECRET_BYTES).toString("base64url");

export const isWellFormedClientId = (value: string) => CLIENT_ID_SHAPE.test(value);

/**
 * What is stored instead of a client secret. SHA-256 suffices, as for API keys and refresh
 * tokens: 256 random bits cannot be found from their hash, and bcrypt would only slow every
 * token request.
 */
export const hashClientSecret = (secret: string) => sha256(secret);

/** Whether `presented` is the secret whose hash is `storedHash`, in constant time. */
export function clientSecretMatches(presented: string, storedHash: string): boolean {
  if (!CLIENT_SECRET_SHAPE.test(presented)) return false;
  const presentedHash = Buffer.from(hashClientSecret(presented));
  const stored = Buffer.from(storedHash);
  return presentedHash.length === stored.length && timingSafeEqual(presentedHash, stored);
}
