import { passkey } from "@better-auth/passkey";
import type { Env } from "@/lib/env";
import { passkeyRules, requireVerifiedEmail, requireVerifiedUser } from "./rules";

/**
 * The relying party is the app at BETTER_AUTH_URL: its host name is the credential's scope (a
 * passkey made here works nowhere else) and its origin the only one a ceremony may come from.
 * Without `origin` the plugin would trust the request's own Origin header, which anyone
 * calling the API sets as they like. A relying-party id must be a domain, never an IP address:
 * browsers refuse passkeys on http://127.0.0.1 (use http://localhost in development).
 */
export function relyingParty(env: Pick<Env, "BETTER_AUTH_URL">) {
  const app = new URL(env.BETTER_AUTH_URL);
  return { rpID: app.hostname, origin: app.origin, rpName: "Taskflow" };
}

/**
 * Adding a passkey needs a sign-in of the last 24 hours (Better Auth's "fresh session", its
 * `session.freshAge`), though a refresh family lives for days: someone holding a browser left
 * signed in, or a stolen refresh token, must not plant a passkey of their own and keep the
 * account after the family ends. An older session is answered 403 `session_not_fresh` ("sign in
 * again"), and the settings page says so.
 */
export const FRESH_SIGN_IN_SECONDS = 24 * 60 * 60;

/**
 * Both come before the token bridge in `plugins` (lib/auth/better-auth/auth.ts): a passkey
 * sign-in is a finished sign-in (a passkey is both factors: possession, and the device's own
 * PIN or biometric), which the bridge turns into our token pair and nothing else.
 */
export function passkeyPlugins(env: Pick<Env, "BETTER_AUTH_URL">) {
  return [
    passkey({
      ...relyingParty(env),
      // The browser asks for the PIN or biometric; ./rules.ts refuses an answer without it.
      authenticatorSelection: { userVerification: "required" },
      registration: { afterVerification: requireVerifiedUser },
      authentication: {
        afterVerification: async (verified) => {
          requireVerifiedUser(verified);
          await requireVerifiedEmail(verified);
        },
      },
    }),
    passkeyRules(),
  ];
}
