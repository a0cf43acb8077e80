import { decodeJwt } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";

// Each test loads lib/env.ts afresh, as a server started with these variables would.
async function tokensWith(variables: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  return import("@/lib/auth/tokens");
}

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
