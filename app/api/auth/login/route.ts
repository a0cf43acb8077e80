import { APIError } from "better-auth/api";
import { getAuth } from "@/lib/auth/auth";
import { incorrectCredentials, readLoginBody } from "@/lib/auth/credentials";
import { issueTokenPair, tokenPairResponse } from "@/lib/auth/token-pair";
import { corsPreflight } from "@/lib/http/cors";
import { handleRoute } from "@/lib/http/handle-route";
import { enforceLoginRateLimits } from "@/lib/rate-limit/auth-limits";

// Better Auth verifies the password, and hashes a dummy for unknown emails so that the answer
// and its timing are the same whether or not the account exists. Rate limits come first: a
// flood of guesses is refused before any of them costs a bcrypt hash.
export const POST = handleRoute(async (request) => {
  const { email, password } = await readLoginBody(request);
  await enforceLoginRateLimits(request, email);
  const { token } = await getAuth()
    .api.signInEmail({ body: { email, password }, headers: request.headers })
    .catch((error: unknown) => {
      if (error instanceof APIError && error.statusCode < 500) throw incorrectCredentials();
      throw error;
    });
  return tokenPairResponse(await issueTokenPair(token));
});

export const OPTIONS = corsPreflight;
