/**
 * lib/auth/passwords/: everything about a password. Hashing (bcrypt on a pool of worker threads,
 * bcrypt-worker.mjs beside it), the rules a new password follows and the common-password list,
 * the optional breach check, checking the current password, and the reset link.
 */
import { createHmac } from "node:crypto";
import { getHashingEnv } from "@/lib/env";
import { createBcryptPool } from "./bcrypt-pool";

/**
 * Cost 12: ~290 ms per hash or compare on a 2-core machine, the spec's floor. Only a test run
 * (NODE_ENV=test) may hash its throwaway accounts at a lower TEST_BCRYPT_COST (lib/env.ts).
 */
export const BCRYPT_COST = 12;

/**
 * bcrypt reads only the first 72 bytes of its input and silently ignores the rest, so two long
 * passwords sharing a 72-byte prefix would both verify. Every password is therefore first
 * reduced to a 44-byte HMAC-SHA256 digest (base64: no NUL bytes, which bcrypt would also cut
 * at), so all of it counts, exactly as typed. The fixed HMAC key separates our digests from
 * plain SHA-256 hashes leaked elsewhere ("password shucking"); it is not a secret.
 */
const PREHASH_KEY = "taskflow/bcrypt-prehash/v1";

function prehash(password: string): string {
  return createHmac("sha256", PREHASH_KEY).update(password, "utf8").digest("base64");
}

// The prehash takes microseconds and stays here; bcrypt's ~290 ms run on worker threads, so
// they never stall the requests this thread is serving. A full queue answers 503. The pool is
// kept on globalThis so that `next dev` reloading this module reuses its threads instead of
// leaving another idle set behind on every edit.
const holder = globalThis as typeof globalThis & {
  __taskflowBcrypt?: ReturnType<typeof createBcryptPool>;
};
holder.__taskflowBcrypt ??= createBcryptPool();
const bcrypt = holder.__taskflowBcrypt;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(prehash(password), getHashingEnv().TEST_BCRYPT_COST ?? BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(prehash(password), hash);
}
