import { decodeProtectedHeader } from "jose";
import { afterAll, afterEach, describe, expect, inject, it, vi } from "vitest";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { GET as metadataRoute } from "@/app/.well-known/oauth-authorization-server/route";
import { tokenIssuer } from "@/lib/auth/tokens/tokens";
import { generateSigningKey } from "@/lib/env/generate-signing-key";
import { taskflowVerifier } from "../../examples/node-verifier/verifier";
import { serveRoutes } from "../support/serve-route";

const get = (path: string) => new Request(`http://localhost:3000${path}`);
const claims = { sub: "user-1", sid: "session-1", email: "a@example.test", role: "user" as const };

describe("discovery endpoints", () => {
  it("GET /.well-known/jwks.json publishes the public keys of the suite's mode, cacheably", async () => {
    const response = await jwksRoute(get("/.well-known/jwks.json"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=86400",
    );
    const { keys } = await response.json();
    if (inject("secrets").JWT_ALGORITHM === "ES256") {
      expect(keys).toEqual([
        expect.objectContaining({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" }),
      ]);
      expect(Object.keys(keys[0]).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
    } else {
      expect(keys).toEqual([]);
    }
  });

  it("GET /.well-known/oauth-authorization-server answers RFC 8414 metadata in ES256 mode only", async () => {
    const response = await metadataRoute(get("/.well-known/oauth-authorization-server"));
    if (inject("secrets").JWT_ALGORITHM !== "ES256") {
      // HS256: no public keys and a non-URL issuer, so no document (RFC 8414 §2 wants a URL).
      expect(response.status).toBe(404);
      return;
    }
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("public");
    expect(await response.json()).toMatchObject({
      issuer: tokenIssuer(),
      jwks_uri: "http://localhost:3000/.well-known/jwks.json",
      token_endpoint: "http://localhost:3000/api/auth/login",
      introspection_endpoint: "http://localhost:3000/api/auth/introspect",
    });
  });
});

describe("examples/node-verifier (jose.createRemoteJWKSet) against our JWKS over HTTP", async () => {
  // The app's JWKS route, served for real; each step of a rotation restarts "the app" (its
  // modules, with the step's variables) behind the same origin.
  let app: { jwks: (request: Request) => Promise<Response> } | undefined;
  const server = await serveRoutes({
    "GET /.well-known/jwks.json": (request) => (app as NonNullable<typeof app>).jwks(request),
  });
  afterAll(server.close);
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  async function startApp(
    keys: { current: string; previous?: string; next?: string },
    origin = server.origin,
  ) {
    vi.resetModules();
    vi.stubEnv("JWT_ALGORITHM", "ES256");
    vi.stubEnv("BETTER_AUTH_URL", origin);
    vi.stubEnv("JWT_SIGNING_KEY", keys.current);
    vi.stubEnv("JWT_SIGNING_KEY_PREVIOUS", keys.previous);
    vi.stubEnv("JWT_SIGNING_KEY_NEXT", keys.next);
    const route = await import("@/app/.well-known/jwks.json/route");
    app = { jwks: route.GET };
    return import("@/lib/auth/tokens/tokens");
  }

  it("verifies our tokens, refuses others, and knows a promoted key without fetching again", async () => {
    const first = generateSigningKey();
    const second = generateSigningKey();
    const published = await startApp({ current: first.jwk, next: second.jwk });
    const verify = taskflowVerifier(server.origin);
    expect(await verify(await published.signAccessToken(claims))).toEqual({
      id: "user-1",
      sessionId: "session-1",
      email: "a@example.test",
      role: "user",
    });

    const promoted = await startApp({ current: second.jwk, previous: first.jwk });
    const afterPromotion = await promoted.signAccessToken(claims);
    expect(decodeProtectedHeader(afterPromotion).kid).toBe(second.kid);
    // Within jose's 30-second cooldown: it can only know the key from its first fetch.
    expect((await verify(afterPromotion)).id).toBe("user-1");

    // The control: a key that was never published before it signed is refused in that window.
    const unannounced = generateSigningKey();
    const surprise = await startApp({ current: unannounced.jwk, previous: second.jwk });
    await expect(verify(await surprise.signAccessToken(claims))).rejects.toThrow();
  });

  it("refuses an HS256 token and a token for another issuer", async () => {
    const key = generateSigningKey();
    await startApp({ current: key.jwk });
    const verify = taskflowVerifier(server.origin);
    vi.resetModules();
    vi.stubEnv("JWT_ALGORITHM", "HS256");
    const hs256 = await import("@/lib/auth/tokens/tokens");
    await expect(verify(await hs256.signAccessToken(claims))).rejects.toThrow();

    // Same key, another deployment's issuer (a staging app sharing production's key by mistake).
    const staging = await startApp({ current: key.jwk }, "https://staging.example.test");
    await expect(verify(await staging.signAccessToken(claims))).rejects.toThrow(/iss/);

    const tokens = await startApp({ current: key.jwk });
    expect((await verify(await tokens.signAccessToken(claims))).id).toBe("user-1");
  });
});
