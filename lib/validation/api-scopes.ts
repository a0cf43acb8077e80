/**
 * Edge-safe (it imports nothing): what a credential acting for a user may do, beyond what the
 * user's own sign-in may. An API key (lib/auth/api-keys/) holds some of these, a route declares
 * the one it needs (lib/http/route-contract.ts `scope`), and the words are what a person reads
 * when granting them (Settings → API keys).
 */
export const API_SCOPES = {
  "tasks:read": "See your tasks and their counts",
  "tasks:write": "Create, change, complete and delete your tasks",
  profile: "See your name and email address",
} as const;

export type ApiScope = keyof typeof API_SCOPES;

export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];

/** Whether a word names one of the scopes (an unverified string from a request or a token). */
export const isApiScope = (word: string): word is ApiScope =>
  (API_SCOPE_NAMES as string[]).includes(word);
