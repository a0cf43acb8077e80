import { HttpError } from "@/lib/http/errors";
import type { AuthFeature } from "../contract/endpoint";
import { FRESH_SIGN_IN_SECONDS, passkeyPlugins } from "./plugin";
import { failedPasskeyRegistration, failedPasskeySignIn } from "./rules";
import { PASSKEY_ENDPOINTS } from "./surface";

/**
 * Sign-in with a passkey (WebAuthn): Better Auth's `passkey` plugin as we run it (./plugin.ts),
 * our rules around it (./rules.ts), its endpoints as the front door serves them (./surface.ts).
 */
export const passkeys = {
  plugins: passkeyPlugins,
  endpoints: PASSKEY_ENDPOINTS,
  errors: {
    // Adding a passkey with a sign-in older than FRESH_SIGN_IN_SECONDS.
    SESSION_NOT_FRESH: () =>
      new HttpError(
        403,
        "session_not_fresh",
        `For your security, sign in again first: this needs a sign-in from the last ${FRESH_SIGN_IN_SECONDS / 3600} hours`,
      ),
    AUTHENTICATION_FAILED: failedPasskeySignIn,
    FAILED_TO_VERIFY_REGISTRATION: failedPasskeyRegistration,
  },
} satisfies AuthFeature;
