import { z } from "zod";
import { API_SCOPE_NAMES } from "@/lib/validation/api-scopes";
import { requiredSingleLineText } from "@/lib/validation/text";
import { presentedPassword } from "../fields/fields";

/**
 * How long a key lives. A key is a bearer credential a script keeps on disk, so it always ends:
 * a forgotten key stops by itself, and the longest choice is a year.
 */
export const API_KEY_LIFETIMES_DAYS = [7, 30, 90, 365] as const;

/** Keys per account: enough for every script a person runs, and a bound on the rows. */
export const MAX_API_KEYS = 25;

export const createApiKeySchema = z.strictObject({
  // Shown in Settings: text as people type it, by the rule every name follows (no NUL, no
  // control or reordering characters).
  name: requiredSingleLineText(
    { empty: "Name the key", tooLong: "Keep the name under 100 characters" },
    100,
  ),
  scopes: z
    .array(z.enum(API_SCOPE_NAMES))
    .min(1, "Choose at least one scope")
    .transform((scopes) => [...new Set(scopes)]),
  // A key outlives the session that makes it: a stolen access token must not be enough.
  password: presentedPassword,
  expiresInDays: z.literal([...API_KEY_LIFETIMES_DAYS], {
    error: `Choose ${API_KEY_LIFETIMES_DAYS.join(", ")} days`,
  }),
});

export type CreateApiKey = z.infer<typeof createApiKeySchema>;
