import { z } from "zod";
import { ok, status, timestamp } from "../contract/answers";
import type { ServedEndpoint } from "../contract/endpoint";
import { AUTH_IP_LIMIT, SIGN_IN_IP_LIMIT } from "../core/auth-limits";
import { safeNextPath } from "../tokens/safe-next";

/**
 * Better Auth's provider endpoints, as the front door serves them. Which providers exist is Better Auth's answer: an
 * unconfigured one is refused there (404 PROVIDER_NOT_FOUND). Bodies are strict: no `idToken`
 * (a sign-in with a token minted for some other client), no `scopes`, no `additionalParams`.
 */

// Where the browser lands after the provider: a path of this site only, decided as for `next`
// (lib/auth/tokens/safe-next.ts). Better Auth's own origin check would allow every trusted origin
// (CORS_ORIGINS too), and it is off altogether under NODE_ENV=test, where ours still runs.
const returnURL = z
  .string()
  .refine((path) => safeNextPath(path) === path, "Must be a path on this site, like /dashboard")
  .optional();
const provider = z.string().min(1).max(64);

/** Where a provider flow goes next: the browser follows `url`. */
const providerRedirect = z.strictObject({ url: z.url(), redirect: z.literal(true) });

export const PROVIDER_ENDPOINTS: Record<string, ServedEndpoint> = {
  "/sign-in/social": {
    method: "POST",
    caller: "anyone",
    body: z.strictObject({
      provider,
      callbackURL: returnURL,
      errorCallbackURL: returnURL,
      newUserCallbackURL: returnURL,
      disableRedirect: z.boolean().optional(),
    }),
    // A provider's sign-in guesses no password: no per-account counter.
    limit: SIGN_IN_IP_LIMIT,
    answers: { 200: ok("The provider's authorization page", providerRedirect) },
    why: "the login and register pages' provider buttons: answers the provider's authorization URL (PKCE, `state` bound to this browser)",
  },
  "/callback/:id": {
    method: "GET",
    caller: "anyone",
    limit: SIGN_IN_IP_LIMIT,
    answers: {
      302: {
        description:
          "Signed in (our token pair in the cookies) or linked, then to the page that started it; a failed flow goes to /login?error=<code>",
      },
    },
    why: "where the provider sends the browser back: exchanges the code, signs in (our token pair) or links, then redirects",
  },
  "/link-social": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ provider, callbackURL: returnURL, errorCallbackURL: returnURL }),
    limit: AUTH_IP_LIMIT,
    answers: { 200: ok("The provider's authorization page", providerRedirect) },
    why: 'settings, "Connected accounts": connect a provider to the signed-in account (its email must match and be verified)',
  },
  "/unlink-account": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ accountId: z.string().min(1).max(64) }),
    limit: AUTH_IP_LIMIT,
    answers: { 200: ok("Disconnected", status) },
    why: 'settings, "Connected accounts": disconnect a provider; never the last way to sign in, never the password',
  },
  "/list-accounts": {
    method: "GET",
    caller: "signed-in",
    limit: AUTH_IP_LIMIT,
    answers: {
      200: ok(
        "The account's ways to sign in",
        z.array(
          z.strictObject({
            id: z.string(),
            providerId: z.string(),
            accountId: z.string(),
            userId: z.string(),
            scopes: z.array(z.string()),
            createdAt: timestamp,
            updatedAt: timestamp,
          }),
        ),
      ),
    },
    why: 'settings, "Connected accounts": the ways the account signs in (no provider tokens in the answer)',
  },
};
