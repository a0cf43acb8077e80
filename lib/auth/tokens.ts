import { errors, jwtVerify, SignJWT } from "jose";
import { getEnv } from "@/lib/env";
import { ROLES, type Role } from "./roles";

/**
 * Access tokens: HS256 JWTs signed with JWT_SECRET_KEY. Edge-safe (jose and Web Crypto only):
 * middleware.ts imports this module and nothing heavier.
 *
 * Verification pins the algorithm, issuer, audience and `type`, so `alg: none`, HS512/RS256
 * headers, refresh tokens and tokens from other apps sharing the secret are all refused.
 */
export const TOKEN_ISSUER = "taskflow";
export const TOKEN_AUDIENCE = "taskflow:api";
const ALGORITHM = "HS256";

export type AccessClaims = {
  sub: string;
  sid: string;
  email: string;
  role: Role;
};

// Importing a raw key costs ~50 µs per verification; a cached CryptoKey does not.
const keyCache = new Map<string, Promise<CryptoKey>>();

function importKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keyCache.set(secret, key);
  }
  return key;
}

export function accessTokenLifetimeSeconds(): number {
  return getEnv().ACCESS_TOKEN_EXPIRE_MINUTES * 60;
}

export async function signAccessToken(claims: AccessClaims): Promise<string> {
  const env = getEnv();
  return new SignJWT({ sid: claims.sid, email: claims.email, role: claims.role, type: "access" })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${accessTokenLifetimeSeconds()}s`)
    .setJti(crypto.randomUUID())
    .sign(await importKey(env.JWT_SECRET_KEY));
}

/**
 * The claims of a valid access token, or null for anything else (malformed, forged, expired,
 * not yet valid, wrong issuer/audience/type). During a key rotation a token signed with
 * JWT_SECRET_KEY_PREVIOUS is still accepted; it can only have been issued before the rotation.
 */
export async function verifyAccessToken(token: string): Promise<AccessClaims | null> {
  const remembered = recentlyVerified.get(token);
  if (remembered && remembered.expiresAtMs > Date.now()) return remembered.claims;
  recentlyVerified.delete(token);
  const env = getEnv();
  const secrets = [env.JWT_SECRET_KEY, env.JWT_SECRET_KEY_PREVIOUS].filter(
    (secret): secret is string => Boolean(secret),
  );
  for (const secret of secrets) {
    try {
      const { payload } = await jwtVerify(token, await importKey(secret), {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ["sub", "exp", "iat", "jti"],
      });
      const { sub, sid, email, role, type, exp } = payload;
      if (type !== "access" || typeof sub !== "string" || typeof sid !== "string") return null;
      if (typeof email !== "string" || !ROLES.includes(role as Role)) return null;
      const claims = Object.freeze({ sub, sid, email, role: role as Role });
      remember(token, { claims, expiresAtMs: (exp ?? 0) * 1000 });
      return claims;
    } catch (error) {
      // Only a bad signature is worth trying the previous key for.
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) return null;
    }
  }
  return null;
}

/**
 * Tokens this instance has verified, with their claims. A client sends the same token on every
 * request for its 30 minutes, and the same bytes checked under the same key give the same
 * answer until the token expires (the keys are read once per process, lib/env.ts): remembering
 * it spares the HMAC (Web Crypto, ~80 µs) on every request after the first. Only a token that
 * passed the full check is ever remembered, keyed by all of its bytes, a hit still requires its
 * expiry to lie ahead, and the map holds at most RECENTLY_VERIFIED_MAX entries (the oldest leave
 * first). The session check that follows the token check is never remembered.
 */
const RECENTLY_VERIFIED_MAX = 1000;
const recentlyVerified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

function remember(token: string, entry: { claims: AccessClaims; expiresAtMs: number }) {
  if (recentlyVerified.size >= RECENTLY_VERIFIED_MAX) {
    const oldest = recentlyVerified.keys().next();
    if (!oldest.done) recentlyVerified.delete(oldest.value);
  }
  recentlyVerified.set(token, entry);
}
