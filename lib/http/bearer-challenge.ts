import { HttpError } from "./errors";

/**
 * The `WWW-Authenticate` header of a 401 on a bearer-protected endpoint (RFC 6750 §3): the plain
 * challenge when the request carried no token, `error="invalid_token"` when it carried one that
 * failed (expired, revoked, malformed), so a client can tell "refresh" from "sign in".
 */
export function bearerChallenge(tokenPresented: boolean): Record<string, string> {
  return {
    "www-authenticate": tokenPresented
      ? 'Bearer realm="taskflow", error="invalid_token"'
      : 'Bearer realm="taskflow"',
  };
}

/**
 * The 401 of a request without a usable access token (lib/auth/core/guard.ts `unauthenticated`).
 */
export function unauthenticatedError(tokenPresented: boolean): HttpError {
  return new HttpError(401, "unauthenticated", "Sign in to continue", {
    headers: bearerChallenge(tokenPresented),
  });
}

/**
 * 403 for a credential that is valid but may not do this (RFC 6750 §3.1): an API key without the
 * scope the route needs, which the challenge names, or (no scope) on a route that takes no key.
 */
export function insufficientScopeError(scope: string | undefined): HttpError {
  const [code, message, challenge] = scope
    ? ["insufficient_scope", `This API key lacks the scope ${scope}`, `, scope="${scope}"`]
    : ["api_key_not_accepted", "API keys cannot call this endpoint: sign in instead", ""];
  return new HttpError(403, code, message, {
    headers: {
      "www-authenticate": `Bearer realm="taskflow", error="insufficient_scope"${challenge}`,
    },
  });
}
