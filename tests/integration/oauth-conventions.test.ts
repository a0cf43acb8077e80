import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { getDb } from "@/lib/db/client";
import { refreshToken, session } from "@/lib/db/schema";
import { generateSigningKey } from "@/lib/env/generate-signing-key";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp } from "../support/http";
import { importWithEnv, restoreEnv } from "../support/isolation";

/**
 * The token endpoints as an OAuth2 client library calls them (RFC 6749 §4.3, §5.1, §6): form
 * bodies with `grant_type`, token answers no cache may store, and a logout that takes the
 * refresh token an API client holds instead of a cookie.
 */
afterEach(restoreEnv);

const form = (path: string, fields: Record<string, string>) =>
  new Request(`${TEST_ORIGIN}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-real-ip": uniqueClientIp(),
    },
    body: new URLSearchParams(fields),
  });

function expectUncacheable(response: Response) {
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("pragma")).toBe("no-cache");
}

const familyOf = async (userId: string) =>
  getDb().select({ id: session.id }).from(session).where(eq(session.userId, userId));

describe("the OAuth2 password grant on POST /api/auth/login", () => {
  it("answers grant_type=password with username and password, uncacheable", async () => {
    const { email } = await createSignedInUser();
    const response = await login(
      form("/api/auth/login", { grant_type: "password", username: email, password: TEST_PASSWORD }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: "bearer", expires_in: 1800 });
    expectUncacheable(response);
  });

  it("answers a JSON login uncacheable too", async () => {
    const { email } = await createSignedInUser();
    const response = await login(
      jsonRequest("/api/auth/login", { body: { email, password: TEST_PASSWORD } }),
    );
    expect(response.status).toBe(200);
    expectUncacheable(response);
  });

  it("refuses a grant it does not take as RFC 6749 §5.2 says, before any password check", async () => {
    const { email } = await createSignedInUser();
    for (const grantType of ["client_credentials", "authorization_code", "Password", ""]) {
      const response = await login(
        form("/api/auth/login", { grant_type: grantType, username: email, password: "wrong" }),
      );
      expect(response.status, grantType).toBe(400);
      const { error } = await response.json();
      expect(error.code, grantType).toBe("unsupported_grant_type");
    }
    // No guess was counted: the right password still signs in at once.
    const response = await login(
      form("/api/auth/login", { grant_type: "password", username: email, password: TEST_PASSWORD }),
    );
    expect(response.status).toBe(200);
  });
});

describe("the OAuth2 refresh grant on the token endpoint (POST /api/auth/login)", () => {
  it("rotates the refresh token and answers the password grant's body, uncacheable", async () => {
    const { email } = await createSignedInUser();
    const signedIn = await login(
      form("/api/auth/login", { grant_type: "password", username: email, password: TEST_PASSWORD }),
    );
    const first = await signedIn.json();
    const response = await login(
      form("/api/auth/login", { grant_type: "refresh_token", refresh_token: first.refresh_token }),
    );
    expect(response.status).toBe(200);
    expectUncacheable(response);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(Object.keys(first).sort());
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 1800 });
    expect(body.refresh_token).not.toBe(first.refresh_token);
    // The same family the refresh route rotates: its successor is good there, and back here.
    const onRoute = await refresh(
      jsonRequest("/api/auth/refresh", { body: { refresh_token: body.refresh_token } }),
    );
    expect(onRoute.status).toBe(200);
    const { refresh_token: third } = await onRoute.json();
    const json = await login(
      jsonRequest("/api/auth/login", {
        body: { grant_type: "refresh_token", refresh_token: third },
      }),
    );
    expect(json.status).toBe(200);
  });

  it("detects reuse: a replayed token ends the whole family, the current token included", async () => {
    const alice = await createSignedInUser();
    const grant = (token: string) =>
      login(form("/api/auth/login", { grant_type: "refresh_token", refresh_token: token }));
    const rotated = await grant(alice.refreshToken);
    expect(rotated.status).toBe(200);
    const { refresh_token: current } = await rotated.json();
    // Past the rotation's grace for a lost answer: a replay, not a retry.
    const rows = await familyOf(alice.user.id);
    expect(rows).toHaveLength(1);
    await getDb()
      .update(refreshToken)
      .set({ rotatedAt: sql`now() - interval '1 hour'` })
      .where(eq(refreshToken.sessionId, rows[0]?.id ?? ""));
    const replay = await grant(alice.refreshToken);
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.code).toBe("invalid_refresh_token");
    expect((await grant(current)).status).toBe(401);
  });

  it("answers an unknown token 401 and a form without one 400, as the refresh route does", async () => {
    const unknown = await login(
      form("/api/auth/login", { grant_type: "refresh_token", refresh_token: "unknown" }),
    );
    expect(unknown.status).toBe(401);
    const missing = await login(form("/api/auth/login", { grant_type: "refresh_token" }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields.refresh_token).toBeDefined();
  });

  it("is what the RFC 8414 metadata lists: every listed grant answers, no other does", async () => {
    const { jwk } = generateSigningKey();
    const { authorizationServerMetadata } = await importWithEnv(
      () => import("@/lib/auth/core/discovery"),
      { JWT_ALGORITHM: "ES256", JWT_SIGNING_KEY: jwk },
    );
    const listed: string[] = authorizationServerMetadata()?.grant_types_supported ?? [];
    expect(listed.length).toBeGreaterThan(0);
    const { email, refreshToken: token } = await createSignedInUser();
    const valid: Record<string, Record<string, string>> = {
      password: { username: email, password: TEST_PASSWORD },
      refresh_token: { refresh_token: token },
    };
    const known = [
      ...Object.keys(valid),
      "authorization_code",
      "client_credentials",
      "implicit",
      "urn:ietf:params:oauth:grant-type:device_code",
      "urn:ietf:params:oauth:grant-type:jwt-bearer",
      "urn:ietf:params:oauth:grant-type:token-exchange",
    ];
    for (const grant of known) {
      const response = await login(
        form("/api/auth/login", { grant_type: grant, ...(valid[grant] ?? valid.password) }),
      );
      const accepted = response.status !== 400;
      expect(accepted, grant).toBe(listed.includes(grant));
      if (accepted) expect(response.status, grant).toBe(200);
    }
  });
});

describe("the OAuth2 refresh grant on POST /api/auth/refresh", () => {
  it("rotates grant_type=refresh_token from a form and answers the new pair, uncacheable", async () => {
    const alice = await createSignedInUser();
    const response = await refresh(
      form("/api/auth/refresh", { grant_type: "refresh_token", refresh_token: alice.refreshToken }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.refresh_token).not.toBe(alice.refreshToken);
    expectUncacheable(response);
    const next = await refresh(
      form("/api/auth/refresh", { grant_type: "refresh_token", refresh_token: body.refresh_token }),
    );
    expect(next.status).toBe(200);
  });

  it("answers a form without a refresh token 400 with a field error, as JSON without one", async () => {
    const response = await refresh(form("/api/auth/refresh", { grant_type: "refresh_token" }));
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields.refresh_token).toBeDefined();
  });

  it("refuses another grant type with a field error and leaves the token usable", async () => {
    const alice = await createSignedInUser();
    const refused = await refresh(
      form("/api/auth/refresh", { grant_type: "password", refresh_token: alice.refreshToken }),
    );
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.fields.grant_type).toEqual([
      "This endpoint takes grant_type=refresh_token",
    ]);
    const json = await refresh(
      jsonRequest("/api/auth/refresh", {
        body: { grant_type: "refresh_token", refresh_token: alice.refreshToken },
      }),
    );
    expect(json.status).toBe(200);
  });
});

describe("POST /api/auth/logout for API clients", () => {
  it("ends the family of a refresh token sent as JSON, without cookies", async () => {
    const alice = await createSignedInUser();
    const response = await logout(
      jsonRequest("/api/auth/logout", { body: { refresh_token: alice.refreshToken } }),
    );
    expect(response.status).toBe(200);
    expect(await familyOf(alice.user.id)).toEqual([]);
  });

  it("ends the family of a refresh token sent as a form", async () => {
    const alice = await createSignedInUser();
    const response = await logout(form("/api/auth/logout", { refresh_token: alice.refreshToken }));
    expect(response.status).toBe(200);
    expect(await familyOf(alice.user.id)).toEqual([]);
  });

  it("still answers 200 for an unknown refresh token, and ends nothing else", async () => {
    const alice = await createSignedInUser();
    const response = await logout(
      jsonRequest("/api/auth/logout", { body: { refresh_token: "not-a-token" } }),
    );
    expect(response.status).toBe(200);
    expect(await familyOf(alice.user.id)).toHaveLength(1);
  });
});
