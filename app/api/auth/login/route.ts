import { APIError } from "better-auth/api";
import { ACCOUNT_DISABLED } from "@/lib/auth/account/account-ban";
import { getAuth } from "@/lib/auth/better-auth/auth";
import { enforcePasswordCheckRateLimits } from "@/lib/auth/core/auth-limits";
import { emailNotVerified, incorrectCredentials, readLoginBody } from "@/lib/auth/core/credentials";
import { tokenPairBodyResponse } from "@/lib/auth/core/token-pair";
import { finishedSignIn } from "@/lib/auth/front-door/token-bridge";
import { pendingSecondFactor } from "@/lib/auth/second-factor/challenge";
import { withSetCookies } from "@/lib/auth/tokens/cookies";
import { corsPreflight } from "@/lib/http/cors";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";

// Better Auth verifies the password, and hashes a dummy for unknown emails so that the answer
// and its timing are the same whether or not the account exists. Rate limits come first: a
// flood of guesses is refused before any of them costs a bcrypt hash. The token pair comes from
// the same place as on Better Auth's own sign-in: the token bridge, once the sign-in finished.
// An account with a second factor gets no pair here, only Better Auth's challenge cookie: the
// pair comes from /api/auth/two-factor/verify-totp or /verify-backup-code.
export const POST = handleRoute(async (request) => {
  const { email, password, rememberMe } = await readLoginBody(request);
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
});

export const OPTIONS = corsPreflight;
