import { passkeyClient } from "@better-auth/passkey/client";
import { twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";
import { sendRequest, withSessionRetry } from "./api";
import { ApiError, apiErrorFrom } from "./api-error";

/**
 * Better Auth's React client with its plugins' clients, the one way page code calls Better Auth's
 * own endpoints (profile name, password change, verification mail, providers, passkeys, the
 * second factor); our routes (./api.ts) serve the rest. Same origin: our access cookie goes
 * along and the token bridge (lib/auth/better-auth/token-bridge.ts) makes it Better Auth's session
 * on the server. Its session hooks are not used: our rotating tokens, not Better Auth's session
 * cookie, keep a tab signed in (lib/client/session-refresh.ts).
 */
export const authClient = createAuthClient({
  plugins: [passkeyClient(), twoFactorClient()],
  fetchOptions: { customFetchImpl: betterAuthFetch },
});

/**
 * A refusal reaches the client as `{ code, message }`, its fields and its wait included: the
 * front door answers in our error shape (a field's problem under `fields`), and a 429's
 * Retry-After is a header the client would drop. The plugins' clients handle a refusal as their
 * own result (a passkey ceremony turns a thrown error into "cancelled"), so it is rewritten, not
 * thrown.
 */
async function betterAuthFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await sendRequest(input, init);
  if (response.ok) return response;
  const { code, message, fields, retryAfterSeconds } = await apiErrorFrom(response);
  return Response.json(
    { code, message, fields, retryAfterSeconds },
    { status: response.status, statusText: response.statusText },
  );
}

type BetterAuthResult<T> = {
  data: T | null;
  error:
    | ({ status: number; code?: string; message?: string } & Partial<
        Pick<ApiError, "fields" | "retryAfterSeconds">
      >)
    | null;
};

/**
 * Runs a Better Auth client call as `apiFetch` runs ours: a refusal throws the same ApiError,
 * and an expired access token is refreshed and the call retried once, unless `anonymous` (a call
 * that carries a credential or a code, whose 401 is a refusal: a retry would count it twice).
 */
export function betterAuthCall<T>(
  call: () => Promise<BetterAuthResult<T>>,
  { anonymous = false }: { anonymous?: boolean } = {},
): Promise<T> {
  return withSessionRetry(async () => dataOf(await call()), anonymous);
}

function dataOf<T>({ data, error }: BetterAuthResult<T>): T {
  if (error || data === null) {
    const { status = 500, code, message, fields, retryAfterSeconds } = error ?? {};
    throw new ApiError(
      status,
      code ?? `http_${status}`,
      message ?? "That didn’t work. Please try again.",
      fields,
      retryAfterSeconds,
    );
  }
  return data;
}
