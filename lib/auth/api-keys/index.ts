/**
 * lib/auth/api-keys/: personal access tokens for scripts. A signed-in user creates a key with
 * scopes (lib/validation/api-scopes.ts) and an expiry, sees it once, and revokes it in Settings.
 * Off (routes 404, Settings without them, every key invalid) unless API_KEYS is on.
 * Their format and the guard's check of them sit below, in lib/auth/core/ (api-key-secret.ts,
 * api-key-holder.ts): the guard (lib/auth/core/guard.ts) accepts a key as `Authorization: Bearer tfk_…` only on routes
 * that declare the scope they need (lib/http/route-contract.ts `scope`), and only with it.
 */
export { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from "./keys";
export { API_KEY_LIFETIMES_DAYS, createApiKeySchema, MAX_API_KEYS } from "./rules";
export { requireKeyManager } from "./switch";
