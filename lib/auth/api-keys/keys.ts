import { and, count, desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { apiKey, type UserProfile } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { enforceRateLimit } from "@/lib/rate-limit/index";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { isUuid } from "@/lib/validation/uuid";
import { addressNotProven } from "../account/proven-address";
import { recordSecurityEvent } from "../account/security-events";
import { API_KEY_PREFIX, hashApiKey, newApiKey } from "../core/api-key-secret";
import { enforcePasswordCheckRateLimits } from "../core/auth-limits";
import { assertCurrentPassword } from "../passwords/current-password";
import { type CreateApiKey, MAX_API_KEYS } from "./rules";

/** A key as its owner sees it listed: never the key, nor its hash. */
export type ApiKeyView = {
  id: string;
  name: string;
  /** How to recognise the key: `tfk_…` and its last four characters. */
  hint: string;
  scopes: ApiScope[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
};

const DAY_MS = 86_400_000;

/**
 * A new key for a signed-in user, answered once in full: afterwards only its hash is kept. It
 * outlives a password change (it is not a session), so, as a passkey, it needs a proven address,
 * and, as a change of email, the current password (counted as a sign-in).
 */
export async function createApiKey(
  owner: UserProfile,
  { name, scopes, expiresInDays, password }: CreateApiKey,
  request: Request,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  if (!owner.emailVerified) {
    throw addressNotProven("API keys need a confirmed address");
  }
  await enforceRateLimit("api-key-user", owner.id);
  await enforcePasswordCheckRateLimits(request, owner.email);
  await assertCurrentPassword(owner.id, password);
  const [held] = await getDb()
    .select({ keys: count() })
    .from(apiKey)
    .where(eq(apiKey.userId, owner.id));
  if ((held?.keys ?? 0) >= MAX_API_KEYS) {
    throw new HttpError(409, "too_many_api_keys", `Revoke a key first: ${MAX_API_KEYS} at most`);
  }
  const key = newApiKey();
  const [row] = await getDb()
    .insert(apiKey)
    .values({
      userId: owner.id,
      name,
      scopes,
      tokenHash: hashApiKey(key),
      lastFour: key.slice(-4),
      expiresAt: new Date(Date.now() + expiresInDays * DAY_MS),
    })
    .returning();
  await recordSecurityEvent("api_key_created", owner.id, request.headers);
  return { key, apiKey: viewOf(row as typeof apiKey.$inferSelect) };
}

/** The user's keys, newest first, expired ones included until they are revoked. */
export async function listApiKeys(userId: string): Promise<ApiKeyView[]> {
  const rows = await getDb()
    .select()
    .from(apiKey)
    .where(eq(apiKey.userId, userId))
    .orderBy(desc(apiKey.createdAt));
  return rows.map(viewOf);
}

/** Deletes one of the user's keys: its next request is refused. */
export async function revokeApiKey(userId: string, id: string, headers: Headers): Promise<void> {
  // A malformed id names no key (PostgreSQL would refuse to cast it to uuid).
  if (!isUuid(id)) throw apiKeyNotFound();
  const revoked = await getDb()
    .delete(apiKey)
    .where(and(eq(apiKey.userId, userId), eq(apiKey.id, id)))
    .returning({ id: apiKey.id });
  if (revoked.length === 0) throw apiKeyNotFound();
  await recordSecurityEvent("api_key_revoked", userId, headers);
}

const apiKeyNotFound = () => new HttpError(404, "not_found", "No such API key of yours");

function viewOf(row: typeof apiKey.$inferSelect): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    hint: `${API_KEY_PREFIX}…${row.lastFour}`,
    scopes: row.scopes,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
  };
}
