import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { getDb } from "@/lib/db/client";
import { session } from "@/lib/db/schema";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp } from "../support/http";

/**
 * The token endpoints as an OAuth2 client library calls them (RFC 6749 §4.3, §5.1, §6): form
 * bodies with `grant_type`, token answers no cache may store, and a logout that takes the
 * refresh token an API client holds instead of a cookie.
 */
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

  it("refuses another grant type with a field error, before any password check", async () => {
    const { email } = await createSignedInUser();
    for (const grantType of ["client_credentials", "refresh_token", ""]) {
      const response = await login(
        form("/api/auth/login", {
          grant_type: grantType,
          username: email,
          password: TEST_PASSWORD,
        }),
      );
      expect(response.status, grantType).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("validation_error");
      expect(error.fields.grant_type).toEqual(["This endpoint takes grant_type=password"]);
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
