import { z } from "zod";
import { API_SCOPE_NAMES } from "@/lib/validation/api-scopes";

/**
 * The recognisable start of every key. Secret scanners (GitHub's push protection, gitleaks) find
 * a leaked key by a fixed prefix and a known length, and a server can refuse anything else
 * without a database query.
 */
export const API_KEY_PREFIX = "tfk_";

/** 32 random bytes, base64url: 256 bits, far past guessing, and 43 characters. */
export const API_KEY_SECRET_BYTES = 32;

/**
 * How long a key lives. A key is a bearer credential a script keeps on disk, so it always ends:
 * a forgotten key stops by itself, and the longest choice is a year.
 */
export const API_KEY_LIFETIMES_DAYS = [7, 30, 90, 365] as const;

/** Keys per account: enough for every script a person runs, and a bound on the rows. */
export const MAX_API_KEYS = 25;

/** The last use moves at most this often: a key used in a loop costs no write per request. */
export const LAST_USE_RESOLUTION_MS = 60_000;

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, "Name the key").max(100, "Keep the name under 100 characters"),
  scopes: z
    .array(z.enum(API_SCOPE_NAMES))
    .min(1, "Choose at least one scope")
    .transform((scopes) => [...new Set(scopes)]),
  expiresInDays: z.literal([...API_KEY_LIFETIMES_DAYS], {
    error: `Choose ${API_KEY_LIFETIMES_DAYS.join(", ")} days`,
  }),
});

export type CreateApiKey = z.infer<typeof createApiKeySchema>;
