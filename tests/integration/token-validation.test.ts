import { eq } from "drizzle-orm";
import { decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { describe, expect, inject, it } from "vitest";
import { GET as me } from "@/app/api/auth/me/route";
import { publishedKeys, signingKey } from "@/lib/auth/tokens/signing-keys";
import { TOKEN_AUDIENCE, tokenIssuer } from "@/lib/auth/tokens/tokens";
import { getDb } from "@/lib/db/client";
import { session } from "@/lib/db/schema";
import { createSignedInUser } from "../support/auth";
import { jsonRequest } from "../support/http";

const secret = () => new TextEncoder().encode(process.env.JWT_SECRET_KEY);
// The suite runs in either mode (CI runs one suite with JWT_ALGORITHM=ES256): forged tokens are
// signed the way the app signs, under its own key, unless a case says otherwise.
const ALGORITHM = inject("secrets").JWT_ALGORITHM;
const TOKEN_ISSUER = tokenIssuer();

async function ourKey(): Promise<{ key: CryptoKey | Uint8Array; kid?: string }> {
  if (ALGORITHM === "HS256") return { key: secret() };
  return signingKey();
}
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

type Claims = Record<string, unknown>;

/** A token with the victim's real claims, changed in one way. */
async function forge(
  claims: Claims,
  options: { alg?: string; key?: CryptoKey | Uint8Array; mutate?: (jwt: SignJWT) => SignJWT } = {},
) {
  const ours = await ourKey();
  const alg = options.alg ?? ALGORITHM;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({
      alg,
      typ: "JWT",
      ...(alg === ALGORITHM && !options.key ? { kid: ours.kid } : {}),
    })
    .setIssuedAt()
    .setJti(crypto.randomUUID());
  return (
    options.mutate ??
    ((j) => j.setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setExpirationTime("5m"))
  )(jwt).sign(options.key ?? ours.key);
}

const status = async (token: string, extraHeaders: Record<string, string> = {}) =>
  (
    await me(
      jsonRequest("/api/auth/me", {
        method: "GET",
        headers: { authorization: `Bearer ${token}`, ...extraHeaders },
      }),
    )
  ).status;

describe("access-token validation (each case is refused with 401)", async () => {
  const victim = await createSignedInUser();
  const claims: Claims = {
    sub: victim.user.id,
    sid: "",
    email: victim.email,
    role: "admin",
    type: "access",
  };
  const [, payload = ""] = victim.accessToken.split(".");
  claims.sid = JSON.parse(Buffer.from(payload, "base64url").toString()).sid;

  it("accepts the genuine token and a correctly forged control (the cases below differ in one way)", async () => {
    expect(await status(victim.accessToken)).toBe(200);
    expect(await status(await forge(claims))).toBe(200);
  });

  it("signs with JWT_ALGORITHM, and in ES256 mode under a kid the JWKS publishes", async () => {
    const header = decodeProtectedHeader(victim.accessToken);
    expect(header.alg).toBe(ALGORITHM);
    expect(header.typ).toBe("JWT");
    const { keys } = await publishedKeys();
    if (ALGORITHM === "ES256") {
      expect(keys.map((key) => key.kid)).toContain(header.kid);
      expect(keys.every((key) => !("d" in key))).toBe(true);
    } else {
      expect(header.kid).toBeUndefined();
      expect(keys).toEqual([]);
    }
  });

  it("refuses alg: none", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${encode({ alg: "none", typ: "JWT" })}.${encode({ ...claims, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now, exp: now + 300, jti: "x" })}.`;
    expect(await status(token)).toBe(401);
  });

  it("refuses a changed signature", async () => {
    const [header, body, signature = ""] = victim.accessToken.split(".");
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    expect(await status(`${header}.${body}.${flipped}`)).toBe(401);
  });

  it("refuses a changed payload (role raised to admin) under the original signature", async () => {
    const [header, , signature] = victim.accessToken.split(".");
    const decoded = JSON.parse(Buffer.from(payload, "base64url").toString());
    expect(await status(`${header}.${encode({ ...decoded, role: "admin" })}.${signature}`)).toBe(
      401,
    );
  });

  it("refuses HS512 with the right secret", async () => {
    expect(await status(await forge(claims, { alg: "HS512", key: secret() }))).toBe(401);
  });

  it("refuses RS256", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    expect(await status(await forge(claims, { alg: "RS256", key: privateKey }))).toBe(401);
  });

  it("refuses an expired token", async () => {
    const expired = await forge(claims, {
      mutate: (j) =>
        j
          .setIssuer(TOKEN_ISSUER)
          .setAudience(TOKEN_AUDIENCE)
          .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60),
    });
    expect(await status(expired)).toBe(401);
  });

  it("refuses a token whose nbf is in the future", async () => {
    const early = await forge(claims, {
      mutate: (j) =>
        j
          .setIssuer(TOKEN_ISSUER)
          .setAudience(TOKEN_AUDIENCE)
          .setExpirationTime("10m")
          .setNotBefore("5m"),
    });
    expect(await status(early)).toBe(401);
  });

  it("refuses a wrong issuer and a wrong audience", async () => {
    const wrongIssuer = await forge(claims, {
      mutate: (j) =>
        j.setIssuer("someone-else").setAudience(TOKEN_AUDIENCE).setExpirationTime("5m"),
    });
    const wrongAudience = await forge(claims, {
      mutate: (j) => j.setIssuer(TOKEN_ISSUER).setAudience("other-api").setExpirationTime("5m"),
    });
    expect(await status(wrongIssuer)).toBe(401);
    expect(await status(wrongAudience)).toBe(401);
  });

  it("refuses a token of another type (a refresh token used as access)", async () => {
    expect(await status(await forge({ ...claims, type: "refresh" }))).toBe(401);
    expect(await status(victim.refreshToken)).toBe(401);
  });

  it("refuses a token signed with another key", async () => {
    const otherKey =
      ALGORITHM === "HS256"
        ? new TextEncoder().encode("x".repeat(48))
        : (await generateKeyPair("ES256")).privateKey;
    expect(await status(await forge(claims, { key: otherKey }))).toBe(401);
  });

  it("refuses a token issued in the future or for longer than ACCESS_TOKEN_EXPIRE_MINUTES", async () => {
    const now = Math.floor(Date.now() / 1000);
    const issuedAhead = await forge(claims, {
      mutate: (j) =>
        j
          .setIssuer(TOKEN_ISSUER)
          .setAudience(TOKEN_AUDIENCE)
          .setIssuedAt(now + 120)
          .setExpirationTime(now + 600),
    });
    const tooLong = await forge(claims, {
      mutate: (j) => j.setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setExpirationTime("2h"),
    });
    expect(await status(issuedAhead)).toBe(401);
    expect(await status(tooLong)).toBe(401);
  });

  it.each(["", "abc", "a.b", "a.b.c", "....", "Bearer", "%00%00", "e30.e30.e30"])(
    "refuses the malformed token %j",
    async (token) => {
      expect(await status(token)).toBe(401);
    },
  );

  it("refuses any request carrying x-middleware-subrequest", async () => {
    expect(
      await status(victim.accessToken, {
        "x-middleware-subrequest": "middleware:middleware:middleware",
      }),
    ).toBe(401);
  });
});

describe("the 401's WWW-Authenticate challenge (RFC 6750 §3)", () => {
  const challenge = async (headers: Record<string, string>) =>
    (await me(jsonRequest("/api/auth/me", { method: "GET", headers }))).headers.get(
      "www-authenticate",
    );

  it("is the plain challenge when no token was sent", async () => {
    expect(await challenge({})).toBe('Bearer realm="taskflow"');
  });

  it('says error="invalid_token" for a presented token that fails, so the client refreshes', async () => {
    const signedIn = await createSignedInUser();
    const invalid = 'Bearer realm="taskflow", error="invalid_token"';
    expect(await challenge({ authorization: "Bearer not-a-token" })).toBe(invalid);
    expect(await challenge({ cookie: "access_token=not-a-token" })).toBe(invalid);
    await getDb().delete(session).where(eq(session.userId, signedIn.user.id));
    expect(await challenge(signedIn.headers)).toBe(invalid);
  });
});
