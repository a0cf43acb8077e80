/**
 * lib/auth/tokens/: the light half of auth. Access-token verification (jose), the cookie
 * names and their reading, the signing keys and the parsing of their input, and the `next` path
 * check: everything proxy.ts needs at load, and nothing with a database, bcrypt, zod or Better
 * Auth (`npm run lint` checks every module here as it checks the proxy, scripts/check-imports.ts).
 */
import {
  decodeProtectedHeader,
  errors,
  type JWTHeaderParameters,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";
import { appOrigin } from "@/lib/http/protected-resources";
import { getTokenEnv } from "@/lib/token-env";
import { ROLES, type Role } from "@/lib/validation/roles";
import { signingKey, verificationKeys } from "./signing-keys";

/**
 * Access tokens: JWTs signed with JWT_SECRET_KEY (HS256, the default) or with JWT_SIGNING_KEY
 * (ES256, lib/auth/tokens/signing-keys.ts, so that other services verify them through our JWKS
 * without holding a key that can mint them). Light (jose and Web Crypto only): proxy.ts imports
 * this module and nothing heavier.
 *
 * Verification pins the algorithm, issuer, audience, `typ` and `type`, and in ES256 mode the
 * `kid`: `alg: none`, other algorithms (an HS256 token keyed with our public key among them),
 * unknown key ids, keys embedded in the header, refresh tokens and tokens from other apps are
 * all refused.
 */
export const TOKEN_AUDIENCE = "taskflow:api";
const TOKEN_TYPE = "JWT";
/** What a token for another app says in its header (./client-tokens.ts, RFC 9068). */
export const CLIENT_TOKEN_TYPE = "at+jwt";
// Only these header members are ever written; anything else (`jwk`, `jku`, `x5u`, `crit`) is a
// header we did not write.
const HEADER_MEMBERS = new Set(["alg", "typ", "kid"]);
// How far our servers' clocks may disagree when one checks a token another issued.
export const CLOCK_SKEW_SECONDS = 30;

/**
 * `taskflow` (the spec's value) in HS256 mode; in ES256 mode the app's origin, as RFC 8414
 * discovery needs.
 */
export function tokenIssuer(): string {
  const env = getTokenEnv();
  return env.JWT_ALGORITHM === "ES256" ? appOrigin() : "taskflow";
}

export type AccessClaims = {
  sub: string;
  sid: string;
  email: string;
  role: Role;
};

// Importing a raw key costs ~50 µs per verification; a cached CryptoKey does not.
const keyCache = new Map<string, Promise<CryptoKey>>();

function importSecret(secret: string): Promise<CryptoKey> {
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
  return getTokenEnv().ACCESS_TOKEN_EXPIRE_MINUTES * 60;
}

export async function signAccessToken(claims: AccessClaims): Promise<string> {
  const jwt = new SignJWT({
    sid: claims.sid,
    email: claims.email,
    role: claims.role,
    type: "access",
  })
    .setSubject(claims.sub)
    .setIssuer(tokenIssuer())
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${accessTokenLifetimeSeconds()}s`)
    .setJti(crypto.randomUUID());
  return signWithOurKey(jwt, TOKEN_TYPE);
}

/** Signs with the key of the configured mode, `typ` in the header. */
export async function signWithOurKey(jwt: SignJWT, typ: string): Promise<string> {
  const env = getTokenEnv();
  if (env.JWT_ALGORITHM === "ES256") {
    const { kid, key } = await signingKey();
    return jwt.setProtectedHeader({ alg: "ES256", typ, kid }).sign(key);
  }
  return jwt
    .setProtectedHeader({ alg: "HS256", typ })
    .sign(await importSecret(secretKey(env.JWT_SECRET_KEY)));
}

function secretKey(value: string | undefined): string {
  // lib/env.ts requires it in HS256 mode; this only narrows the type.
  if (!value) throw new Error("JWT_SECRET_KEY is missing");
  return value;
}

/**
 * The claims of a valid access token, or null for anything else (malformed, forged, expired,
 * not yet valid, issued in the future or for longer than ACCESS_TOKEN_EXPIRE_MINUTES, wrong
 * issuer/audience/type). During a key rotation a token signed with the previous key is still
 * accepted; it can only have been issued before the rotation.
 */
export async function verifyAccessToken(token: string): Promise<AccessClaims | null> {
  const remembered = recentlyVerified.get(token);
  if (remembered) return remembered;
  // A token for another app is signed with the same key: refused by its header before any
  // signature is checked, so an app's token costs the first-party check nothing.
  if (headerType(token) !== TOKEN_TYPE) return null;
  const payload = await verifiedPayload(token, {
    typ: TOKEN_TYPE,
    issuer: tokenIssuer(),
    audience: TOKEN_AUDIENCE,
  });
  if (!payload) return null;
  const { sub, sid, email, role, type, exp = 0 } = payload;
  if (type !== "access" || typeof sub !== "string" || typeof sid !== "string") return null;
  if (typeof email !== "string" || !ROLES.includes(role as Role)) return null;
  if (!issuedWithinOurLifetime(payload)) return null;
  const claims = Object.freeze({ sub, sid, email, role: role as Role });
  recentlyVerified.remember(token, claims, exp);
  return claims;
}

/**
 * Our tokens are never issued ahead of time nor for longer than the configured lifetime; one that
 * is was minted with a stolen key or by a broken clock.
 */
export function issuedWithinOurLifetime({ exp = 0, iat = 0 }: JWTPayload): boolean {
  if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) return false;
  return exp - iat <= accessTokenLifetimeSeconds() + CLOCK_SKEW_SECONDS;
}

/** The `typ` a token's header names, decoded without any check (for routing only). */
export function headerType(token: string): unknown {
  try {
    return decodeProtectedHeader(token).typ;
  } catch {
    return undefined;
  }
}

/** What a kind of token must say: its header's `typ`, its issuer and its audience(s). */
export type Expected = { typ: string; issuer: string; audience: string | string[] };

const verifyOptions = (algorithm: string, expected: Expected) => ({
  algorithms: [algorithm],
  ...expected,
  requiredClaims: ["sub", "exp", "iat", "jti"],
});

/** The payload of a token signed with one of our keys and saying what `expected` says. */
export async function verifiedPayload(
  token: string,
  expected: Expected,
): Promise<JWTPayload | null> {
  const env = getTokenEnv();
  if (env.JWT_ALGORITHM === "ES256") {
    const { verifying } = await verificationKeys();
    try {
      const { payload } = await jwtVerify(
        token,
        (header: JWTHeaderParameters) => {
          const key = header.kid === undefined ? undefined : verifying.get(header.kid);
          if (!key || !hasOnlyOurHeaderMembers(header)) throw new errors.JWKSNoMatchingKey();
          return key;
        },
        verifyOptions("ES256", expected),
      );
      return payload;
    } catch {
      return null;
    }
  }
  const secrets = [env.JWT_SECRET_KEY, env.JWT_SECRET_KEY_PREVIOUS].filter(
    (secret): secret is string => Boolean(secret),
  );
  for (const secret of secrets) {
    try {
      const key = await importSecret(secret);
      const { payload } = await jwtVerify(
        token,
        (header: JWTHeaderParameters) => {
          if (!hasOnlyOurHeaderMembers(header)) throw new errors.JWSInvalid("unexpected header");
          return key;
        },
        verifyOptions("HS256", expected),
      );
      return payload;
    } catch (error) {
      // Only a bad signature is worth trying the previous key for.
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) return null;
    }
  }
  return null;
}

function hasOnlyOurHeaderMembers(header: object): boolean {
  return Object.keys(header).every((member) => HEADER_MEMBERS.has(member));
}

/**
 * Tokens this instance has verified, with their claims. A client sends the same token on every
 * request for its 30 minutes, and the same bytes checked under the same key give the same
 * answer until the token expires (the keys are read once per process, lib/token-env.ts):
 * remembering it spares the signature check (Web Crypto, ~80 µs for HS256, more for ES256) on every
 * request after the first. Only a token that passed the full check is ever remembered, keyed by all
 * of its bytes, a hit still requires its expiry to lie ahead, and the map holds at most
 * RECENTLY_VERIFIED_MAX entries (the oldest leave first). The session check that follows the
 * token check is never remembered.
 */
const RECENTLY_VERIFIED_MAX = 1000;

/** Such a memory, one per kind of token (an app's token is never found in ours). */
export class RecentlyVerified<Claims> {
  readonly #entries = new Map<string, { claims: Claims; expiresAtMs: number }>();

  get(token: string): Claims | undefined {
    const entry = this.#entries.get(token);
    if (entry && entry.expiresAtMs > Date.now()) return entry.claims;
    this.#entries.delete(token);
    return undefined;
  }

  remember(token: string, claims: Claims, expiresAtSeconds: number): void {
    if (this.#entries.size >= RECENTLY_VERIFIED_MAX) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, { claims, expiresAtMs: expiresAtSeconds * 1000 });
  }
}

const recentlyVerified = new RecentlyVerified<AccessClaims>();
