import { APIError } from "better-auth/api";
import { z } from "zod";
import { ACCOUNT_DISABLED } from "@/lib/auth/account/account-ban";
import { getAuth } from "@/lib/auth/better-auth/auth";
import { enforcePasswordCheckRateLimits } from "@/lib/auth/core/auth-limits";
import {
  emailNotVerified,
  incorrectCredentials,
  type LoginInput,
  loginSchema,
  readTokenRequest,
  refreshSchema,
} from "@/lib/auth/core/credentials";
import { refreshedPairResponse, sessionEnded } from "@/lib/auth/core/refresh-answer";
import { tokenPairBodyResponse } from "@/lib/auth/core/token-pair";
import { finishedSignIn } from "@/lib/auth/front-door/token-bridge";
import { pendingSecondFactor, secondFactorRequiredBody } from "@/lib/auth/second-factor/challenge";
import { withSetCookies } from "@/lib/auth/tokens/cookies";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { HttpError } from "@/lib/http/errors";
import { jsonNoStore } from "@/lib/http/responses";
import { error, invalid, limited, tokenPairBody } from "@/lib/openapi/responses";

// The OAuth2 token endpoint (RFC 8414 metadata, lib/auth/better-auth/discovery.ts): the password
// grant (JSON or form) and the refresh_token grant, which takes the refresh route's own answer.
// The refresh_token grant names its grant: a body without one is a sign-in.
const refreshGrant = refreshSchema.extend({ grant_type: z.literal("refresh_token") });

export const POST = defineRoute(
  {
    tag: "Auth",
    summary: "The OAuth2 token endpoint: the password grant, and the refresh_token grant",
    readsItself: {
      body: z.union([loginSchema, refreshGrant]),
      form: z.union([
        z.strictObject({
          grant_type: z.literal("password").optional(),
          username: z.string(),
          password: z.string(),
        }),
        refreshGrant,
      ]),
    },
    responses: {
      200: {
        description:
          "The token pair and both cookies; for an account with a second factor, `two_factor_required` and Better Auth's five-minute challenge cookie instead (send a code to /api/auth/two-factor/verify-totp or /verify-backup-code)",
        body: z.union([tokenPairBody, secondFactorRequiredBody]),
      },
      400: invalid,
      401: error("Incorrect email or password, or a refresh token that names no live session"),
      429: limited,
    },
  },
  async ({ request }) => {
    const body = await readTokenRequest(request);
    if (body.grant === "password") return passwordGrant(request, body);
    // A refresh_token grant without its token is a session that has ended, as on the refresh
    // route.
    if (!body.refreshToken) throw sessionEnded();
    return refreshedPairResponse(request, { token: body.refreshToken, fromCookie: false });
  },
);

// Better Auth verifies the password, and hashes a dummy for unknown emails so that the answer
// and its timing are the same whether or not the account exists. Rate limits come first: a
// flood of guesses is refused before any of them costs a bcrypt hash. The token pair comes from
// the same place as on Better Auth's own sign-in: the token bridge, once the sign-in finished.
// An account with a second factor gets no pair here, only Better Auth's challenge cookie: the
// pair comes from /api/auth/two-factor/verify-totp or /verify-backup-code.
async function passwordGrant(request: Request, { email, password, rememberMe }: LoginInput) {
  await enforcePasswordCheckRateLimits(request, email);
  const signIn = await getAuth()
    .api.signInEmail({
      body: { email, password, rememberMe },
      headers: request.headers,
      returnHeaders: true,
    })
    .catch((error: unknown) => {
      // EMAIL_VERIFICATION=required: said only after the right password, so it reveals nothing.
      if (error instanceof APIError && error.body?.code === "EMAIL_NOT_VERIFIED") {
        throw emailNotVerified();
      }
      // A disabled account: said only after the right password, like the verification above.
      if (error instanceof APIError && error.body?.code === ACCOUNT_DISABLED) {
        throw new HttpError(403, "account_disabled", error.body.message ?? "Account disabled");
      }
      if (error instanceof APIError && error.statusCode < 500) throw incorrectCredentials();
      throw error;
    });
  const pending = pendingSecondFactor(signIn.response);
  if (pending) return withSetCookies(jsonNoStore(pending), signIn.headers);
  const pair = finishedSignIn(signIn.response);
  return withSetCookies(tokenPairBodyResponse(pair), signIn.headers);
}

export const OPTIONS = corsPreflight;
