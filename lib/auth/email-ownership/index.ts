import { z } from "zod";
import { provenAddressRules } from "../account/proven-address";
import { ok } from "../contract/answers";
import type { AuthFeature } from "../contract/endpoint";
import { VERIFICATION_EMAIL_LIMIT } from "../core/auth-limits";
import { emailNotVerified } from "../core/credentials";
import { callbackURL, presentedEmail } from "../fields/fields";

/**
 * Proof that the account's owner reads its address: the verification link (its mail and
 * single-use token, lib/auth/email-ownership/email-verification.ts), and no durable credential
 * (a passkey, an authenticator app, a provider) added before it (lib/auth/account/proven-address.ts).
 */
export const emailOwnership = {
  plugins: () => [provenAddressRules()],
  endpoints: {
    "/send-verification-email": {
      method: "POST",
      caller: "anyone",
      body: z.strictObject({ email: presentedEmail, callbackURL }),
      limit: VERIFICATION_EMAIL_LIMIT,
      answeredAtOnce: { status: true },
      answers: {
        200: ok("The same answer for every address", z.strictObject({ status: z.literal(true) })),
      },
      why: 'the "resend" of the verification banner, the sign-in form and the expired-link page: a new link to an unverified account (at most 3 mails an hour to one address)',
    },
  },
  errors: { EMAIL_NOT_VERIFIED: emailNotVerified },
} satisfies AuthFeature;
