import { randomBytes } from "node:crypto";
import { sha256 } from "@/lib/crypto/sha256";

/**
 * An API key's format (lib/auth/api-keys/ makes and manages keys; the guard checks them). The
 * recognisable start of every key: secret scanners (GitHub's push protection, gitleaks) find a
 * leaked key by a fixed prefix and a known length, and a server can refuse anything else without
 * a database query.
 */
export const API_KEY_PREFIX = "tfk_";

/** 32 random bytes, base64url: 256 bits, far past guessing, and 43 characters. */
const API_KEY_SECRET_BYTES = 32;

const SHAPE = new RegExp(
  `^${API_KEY_PREFIX}[A-Za-z0-9_-]{${Math.ceil((API_KEY_SECRET_BYTES * 4) / 3)}}$`,
);

export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(API_KEY_SECRET_BYTES).toString("base64url");
}

/** Whether a bearer credential is an API key (well formed or not) rather than an access token. */
export const isApiKey = (credential: string) => credential.startsWith(API_KEY_PREFIX);

/** Whether a key has the shape of one we issue: anything else is refused without a query. */
export const isWellFormedApiKey = (credential: string) => SHAPE.test(credential);

/**
 * What is stored and looked up instead of the key. A plain SHA-256 is enough, where a password
 * needs bcrypt: the key is 256 random bits, so no dictionary or brute force reaches it from a
 * leaked hash, and a slow hash would only slow every API call. The same holds for refresh tokens.
 */
export const hashApiKey = (key: string) => sha256(key);
