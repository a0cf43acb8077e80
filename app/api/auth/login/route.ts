import { APIError } from "better-auth/api";
import { getAuth } from "@/lib/auth/auth";
import { incorrectCredentials, readLoginBody } from "@/lib/auth/credentials";
import { issueTokenPair, tokenPairResponse } from "@/lib/auth/token-pair";
import { handleRoute } from "@/lib/http/handle-route";

// Better Auth verifies the password, and hashes a dummy for unknown emails so that the answer
// and its timing are the same whether or not the account exists.
export const POST = handleRoute(async (request) => {
  const { email, password } = await readLoginBody(request);
  const { token } = await getAuth()
    .api.signInEmail({ body: { email, password }, headers: request.headers })
    .catch((error: unknown) => {
      if (error instanceof APIError && error.statusCode < 500) throw incorrectCredentials();
      throw error;
    });
  return tokenPairResponse(await issueTokenPair(token));
});
