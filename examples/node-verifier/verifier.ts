import { createRemoteJWKSet, jwtVerify } from "jose";

/**
 * Verifying Taskflow access tokens in another Node.js service (JWT_ALGORITHM=ES256), from the
 * published JWKS alone: this service holds no secret, and cannot mint a token. Needs only
 * `jose`. Checks what Taskflow itself pins: the algorithm, issuer, audience, `typ`, `type`, and
 * a `kid` from the JWKS. jose caches the JWKS and fetches it again when a token names a kid it
 * does not know (at most every 30 s), so a key Taskflow publishes before it signs with it
 * (README, "Rotating the ES256 signing key") is known before the first token it signs arrives.
 *
 * It trusts the signature until the token expires (30 minutes at most). A service that must see
 * a logout at once asks POST /api/auth/introspect instead (examples/fastapi does both).
 */
export type TaskflowUser = { id: string; sessionId: string; email: string; role: string };

export function taskflowVerifier(issuer: string) {
  const jwks = createRemoteJWKSet(new URL("/.well-known/jwks.json", issuer));
  return async function verify(token: string): Promise<TaskflowUser> {
    const { payload } = await jwtVerify(token, jwks, {
      algorithms: ["ES256"],
      issuer,
      audience: "taskflow:api",
      typ: "JWT",
      requiredClaims: ["sub", "sid", "exp", "iat"],
    });
    if (payload.type !== "access") throw new Error("not an access token");
    return {
      id: String(payload.sub),
      sessionId: String(payload.sid),
      email: String(payload.email),
      role: String(payload.role),
    };
  };
}
