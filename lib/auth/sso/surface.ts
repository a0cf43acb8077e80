import { z } from "zod";
import { enforceAuthIpRateLimit, enforceProviderSignInRateLimit } from "../core/auth-limits";
import type { LimitInput, ServedEndpoint } from "../front-door/surface";
import { safeNextPath } from "../tokens/safe-next";

/**
 * Better Auth's provider endpoints, as the front door serves them (lib/auth/front-door/surface.ts
 * spreads this table into SERVED_ENDPOINTS). Which providers exist is Better Auth's answer: an
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

const perIp = ({ request }: LimitInput) => enforceAuthIpRateLimit(request);
const providerSignIn = ({ request }: LimitInput) => enforceProviderSignInRateLimit(request);

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
    limit: "login-ip",
    enforceLimit: providerSignIn,
    why: "the login and register pages' provider buttons: answers the provider's authorization URL (PKCE, `state` bound to this browser)",
  },
  "/callback/:id": {
    method: "GET",
    caller: "anyone",
    limit: "login-ip",
    enforceLimit: providerSignIn,
    why: "where the provider sends the browser back: exchanges the code, signs in (our token pair) or links, then redirects",
  },
  "/link-social": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ provider, callbackURL: returnURL, errorCallbackURL: returnURL }),
    limit: "auth-ip",
    enforceLimit: perIp,
    why: 'settings, "Connected accounts": connect a provider to the signed-in account (its email must match and be verified)',
  },
  "/unlink-account": {
    method: "POST",
    caller: "signed-in",
    body: z.strictObject({ accountId: z.string().min(1).max(64) }),
    limit: "auth-ip",
    enforceLimit: perIp,
    why: 'settings, "Connected accounts": disconnect a provider; never the last way to sign in, never the password',
  },
  "/list-accounts": {
    method: "GET",
    caller: "signed-in",
    limit: "auth-ip",
    enforceLimit: perIp,
    why: 'settings, "Connected accounts": the ways the account signs in (no provider tokens in the answer)',
  },
};
