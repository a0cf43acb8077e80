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
