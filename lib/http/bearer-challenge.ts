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
