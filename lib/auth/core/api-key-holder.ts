import { and, eq, gt, sql } from "drizzle-orm";
import { type Database, getDb } from "@/lib/db/client";
import { preparedPerDatabase } from "@/lib/db/prepared";
import { apiKey, type UserProfile, user, userProfileColumns } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { runAfterResponse } from "@/lib/http/after-response";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { notBanned } from "./account-ban";
import { hashApiKey, isWellFormedApiKey } from "./api-key-secret";

/** The last use moves at most this often: a key used in a loop costs no write per request. */
const LAST_USE_RESOLUTION_MS = 60_000;

/** Whom a key acts for, and what it may do. */
export type ApiKeyHolder = { user: UserProfile; keyId: string; scopes: ApiScope[] };

/**
 * The guard's check of an API key (./guard.ts; keys are made in lib/auth/api-keys/), in one
 * indexed query, as the session check
 * of an access token: the key exists (a revoked key has no row), has not expired, its account is
 * not disabled, and the user's current role. Revocation takes effect on the next request.
 */
export async function apiKeyHolder(key: string): Promise<ApiKeyHolder | null> {
  // With API_KEYS off no key is valid, those made while it was on included.
  if (!getEnv().API_KEYS || !isWellFormedApiKey(key)) return null;
  const [row] = await holderQuery(getDb()).execute({ hash: hashApiKey(key) });
  if (!row) return null;
  const { keyId, scopes, lastUsedAt, ...profile } = row;
  if (!lastUsedAt || Date.now() - lastUsedAt.getTime() >= LAST_USE_RESOLUTION_MS) {
    runAfterResponse("api_key_last_use_failed", () => noteLastUse(keyId));
  }
  return { user: profile, keyId, scopes };
}

// Runs on every request made with a key.
const holderQuery = preparedPerDatabase((db: Database) =>
  db
    .select({
      ...userProfileColumns,
      keyId: apiKey.id,
      scopes: apiKey.scopes,
      lastUsedAt: apiKey.lastUsedAt,
    })
    .from(apiKey)
    .innerJoin(user, eq(user.id, apiKey.userId))
    .where(
      and(
        eq(apiKey.tokenHash, sql.placeholder("hash")),
        gt(apiKey.expiresAt, sql`now()`),
        notBanned,
      ),
    )
    .prepare(""),
);

/**
 * After the answer, and only if no other request of the minute moved it: many instances using
 * one key write the row about once a minute, not once per call.
 */
async function noteLastUse(keyId: string): Promise<void> {
  await getDb()
    .update(apiKey)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKey.id, keyId),
        sql`(${apiKey.lastUsedAt} is null or ${apiKey.lastUsedAt} < now() - ${LAST_USE_RESOLUTION_MS / 1000} * interval '1 second')`,
      ),
    );
}
