import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
} from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateSigningKey } from "@/lib/env/generate-signing-key";

// Each test loads lib/env.ts afresh, as a server started with these variables would. The mode
// is named in every test: the suite itself may run in either (CI's neon suite runs ES256).
async function tokensWith(variables: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries({ JWT_ALGORITHM: "HS256", ...variables })) {
    vi.stubEnv(name, value);
  }
  return import("@/lib/auth/tokens/tokens");
}

/** The app in ES256 mode with these keys (private JWKs from generateSigningKey, or public ones). */
async function es256With(keys: { current: string; previous?: string; next?: string }) {
  const tokens = await tokensWith({
    JWT_ALGORITHM: "ES256",
    JWT_SIGNING_KEY: keys.current,
    JWT_SIGNING_KEY_PREVIOUS: keys.previous,
    JWT_SIGNING_KEY_NEXT: keys.next,
  });
  const { publishedKeys, verificationKeys } = await import("@/lib/auth/tokens/signing-keys");
  return { ...tokens, jwks: await publishedKeys(), keys: await verificationKeys() };
}

const publicHalf = (privateJwk: string) => {
  const { d: _private, ...rest } = JSON.parse(privateJwk);
  return JSON.stringify(rest);
};

const claims = { sub: "user-1", sid: "session-1", email: "a@example.test", role: "user" as const };
const OLD_KEY = "o".repeat(40);
const NEW_KEY = "n".repeat(40);

describe("access tokens", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("carries the spec's claims and lives ACCESS_TOKEN_EXPIRE_MINUTES", async () => {
    const { signAccessToken } = await tokensWith({ ACCESS_TOKEN_EXPIRE_MINUTES: "30" });
    const decoded = decodeJwt(await signAccessToken(claims));
    expect(decoded).toMatchObject({
      ...claims,
      type: "access",
      iss: "taskflow",
      aud: "taskflow:api",
    });
    expect((decoded.exp ?? 0) - (decoded.iat ?? 0)).toBe(1800);
    expect(decoded.jti).toEqual(expect.any(String));
  });

  it("accepts tokens signed with JWT_SECRET_KEY_PREVIOUS during a key rotation, and signs with the new key", async () => {
    const before = await tokensWith({ JWT_SECRET_KEY: OLD_KEY });
    const issuedBeforeRotation = await before.signAccessToken(claims);

    const during = await tokensWith({ JWT_SECRET_KEY: NEW_KEY, JWT_SECRET_KEY_PREVIOUS: OLD_KEY });
    expect(await during.verifyAccessToken(issuedBeforeRotation)).toEqual(claims);
    const issuedAfter = await during.signAccessToken(claims);

    const withoutPrevious = await tokensWith({
      JWT_SECRET_KEY: NEW_KEY,
      JWT_SECRET_KEY_PREVIOUS: undefined,
    });
    expect(await withoutPrevious.verifyAccessToken(issuedAfter)).toEqual(claims);
    expect(await withoutPrevious.verifyAccessToken(issuedBeforeRotation)).toBeNull();
  });

  it("refuses a token issued in the future, or for longer than ACCESS_TOKEN_EXPIRE_MINUTES plus 30 s of skew", async () => {
    const { verifyAccessToken } = await tokensWith({
      JWT_SECRET_KEY: OLD_KEY,
      ACCESS_TOKEN_EXPIRE_MINUTES: "30",
    });
    const now = Math.floor(Date.now() / 1000);
    const sign = (iat: number, exp: number) =>
      new SignJWT({ sid: claims.sid, email: claims.email, role: claims.role, type: "access" })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(claims.sub)
        .setIssuer("taskflow")
        .setAudience("taskflow:api")
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti("j")
        .sign(new TextEncoder().encode(OLD_KEY));
    expect(await verifyAccessToken(await sign(now, now + 1800))).toEqual(claims);
    expect(await verifyAccessToken(await sign(now + 20, now + 1800))).toEqual(claims);
    expect(await verifyAccessToken(await sign(now + 60, now + 1800))).toBeNull();
    expect(await verifyAccessToken(await sign(now - 60, now + 1740))).toEqual(claims);
    expect(await verifyAccessToken(await sign(now - 600, now + 1800))).toBeNull();
    expect(await verifyAccessToken(await sign(now, now + 24 * 3600))).toBeNull();
  });

  it("refuses a token it has already verified once the token expires", async () => {
    const { signAccessToken, verifyAccessToken } = await tokensWith({
      ACCESS_TOKEN_EXPIRE_MINUTES: "30",
    });
    const token = await signAccessToken(claims);
    expect(await verifyAccessToken(token)).toEqual(claims);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 30 * 60_000 + 1000 });
    try {
      expect(await verifyAccessToken(token)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses an altered copy of a token it has already verified", async () => {
    const { signAccessToken, verifyAccessToken } = await tokensWith({});
    const token = await signAccessToken(claims);
    expect(await verifyAccessToken(token)).toEqual(claims);
    const [header, payload, signature = ""] = token.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...decodeJwt(token), role: "admin" }),
    ).toString("base64url");
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === "A" ? "B" : "A"}${signature.slice(-1)}`;
    expect(await verifyAccessToken(`${header}.${forgedPayload}.${signature}`)).toBeNull();
    expect(await verifyAccessToken(`${header}.${payload}.${flipped}`)).toBeNull();
    expect(await verifyAccessToken(token)).toEqual(claims);
  });
});

describe("ES256 access tokens", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("signs ES256 under the key's RFC 7638 thumbprint, with the app's origin as issuer, and publishes public keys only", async () => {
    const key = generateSigningKey();
    const { signAccessToken, verifyAccessToken, jwks, keys } = await es256With({
      current: key.jwk,
    });
    const token = await signAccessToken(claims);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "ES256", typ: "JWT", kid: key.kid });
    expect(decodeJwt(token).iss).toBe(new URL(process.env.BETTER_AUTH_URL ?? "").origin);
    expect(await verifyAccessToken(token)).toEqual(claims);

    expect(jwks.keys).toHaveLength(1);
    const [published] = jwks.keys;
    expect(published).toMatchObject({ kty: "EC", crv: "P-256", kid: key.kid, alg: "ES256" });
    expect(published).not.toHaveProperty("d");
    expect(await calculateJwkThumbprint(published ?? {})).toBe(key.kid);
    expect([...keys.verifying.values()].map((verifier) => verifier.type)).toEqual(["public"]);
  });

  it("takes PKCS#8 PEM (also with literal \\n) and public keys for previous and next", async () => {
    const current = generateSigningKey();
    const previous = generateSigningKey();
    const next = generateSigningKey();
    const { jwks } = await es256With({
      current: current.pem.replaceAll("\n", "\\n"),
      previous: publicHalf(previous.jwk),
      next: next.pem,
    });
    expect(jwks.keys.map((key) => key.kid)).toEqual([current.kid, previous.kid, next.kid]);
  });

  it("rotates without signing anyone out: publish NEXT, promote it, drop PREVIOUS", async () => {
    const first = generateSigningKey();
    const second = generateSigningKey();
    const before = await es256With({ current: first.jwk });
    const issuedBefore = await before.signAccessToken(claims);

    // 1. Publish: the new key is in the JWKS, and a verifier caches it, before it signs.
    const published = await es256With({ current: first.jwk, next: second.jwk });
    expect(decodeProtectedHeader(await published.signAccessToken(claims)).kid).toBe(first.kid);
    const cachedByVerifier = createLocalJWKSet({ keys: structuredClone([...published.jwks.keys]) });

    // 2. Promote: the new key signs; tokens of the old one keep working.
    const promoted = await es256With({ current: second.jwk, previous: first.jwk });
    const issuedAfter = await promoted.signAccessToken(claims);
    expect(decodeProtectedHeader(issuedAfter).kid).toBe(second.kid);
    expect(await promoted.verifyAccessToken(issuedBefore)).toEqual(claims);
    expect(await promoted.verifyAccessToken(issuedAfter)).toEqual(claims);
    // An instance still on step 1's configuration accepts what the promoted key signs.
    expect(await published.verifyAccessToken(issuedAfter)).toEqual(claims);
    // So does the verifier that cached the JWKS before the promotion.
    const { payload } = await jwtVerify(issuedAfter, cachedByVerifier, {
      algorithms: ["ES256"],
      issuer: promoted.tokenIssuer(),
      audience: promoted.TOKEN_AUDIENCE,
    });
    expect(payload.sub).toBe(claims.sub);

    // 3. Drop PREVIOUS (after one access-token lifetime): the old key is dead.
    const dropped = await es256With({ current: second.jwk });
    expect(dropped.jwks.keys.map((key) => key.kid)).toEqual([second.kid]);
    expect(await dropped.verifyAccessToken(issuedAfter)).toEqual(claims);
    expect(await dropped.verifyAccessToken(issuedBefore)).toBeNull();
  });

  it("refuses an unknown kid, a missing kid, an embedded jwk, an HS256 token keyed with the public key, and alg none", async () => {
    const key = generateSigningKey();
    const app = await es256With({ current: key.jwk });
    const genuine = await app.signAccessToken(claims);
    const body = decodeJwt(genuine);
    const resign = (header: Record<string, unknown>, signingKey: CryptoKey | Uint8Array) =>
      new SignJWT(body).setProtectedHeader({ alg: "ES256", ...header }).sign(signingKey);

    const attacker = await generateKeyPair("ES256", { extractable: true });
    const attackerJwk = await exportJWK(attacker.publicKey);
    const attackerKid = await calculateJwkThumbprint(attackerJwk);
    const ourPrivate = (await importJWK(JSON.parse(key.jwk), "ES256")) as CryptoKey;
    const [publishedJwk] = app.jwks.keys;
    const ourPublic = (await importJWK(publishedJwk ?? {}, "ES256", {
      extractable: true,
    })) as CryptoKey;

    const refused = {
      "unknown kid": await resign({ typ: "JWT", kid: attackerKid }, attacker.privateKey),
      "no kid": await resign({ typ: "JWT" }, ourPrivate),
      "embedded jwk, attacker's kid": await resign(
        { typ: "JWT", kid: attackerKid, jwk: attackerJwk },
        attacker.privateKey,
      ),
      "embedded jwk, our kid, our signature": await resign(
        { typ: "JWT", kid: key.kid, jwk: publishedJwk },
        ourPrivate,
      ),
      "HS256 keyed with the JWK": await resign(
        { alg: "HS256", typ: "JWT", kid: key.kid },
        new TextEncoder().encode(JSON.stringify(publishedJwk)),
      ),
      "HS256 keyed with the SPKI PEM": await resign(
        { alg: "HS256", typ: "JWT", kid: key.kid },
        new TextEncoder().encode(await exportSPKI(ourPublic)),
      ),
      "another typ": await resign({ typ: "at+jwt", kid: key.kid }, ourPrivate),
      "alg none": `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT", kid: key.kid })).toString("base64url")}.${genuine.split(".")[1]}.`,
    };
    // The control: the same body re-signed the way the app signs verifies.
    expect(
      await app.verifyAccessToken(await resign({ typ: "JWT", kid: key.kid }, ourPrivate)),
    ).toEqual(claims);
    for (const [name, token] of Object.entries(refused)) {
      expect({ name, claims: await app.verifyAccessToken(token) }).toEqual({ name, claims: null });
    }
  });
});
