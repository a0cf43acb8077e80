import { eq } from "drizzle-orm";
import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { POST as logout } from "@/app/api/auth/logout/route";
import { tokenIssuer } from "@/lib/auth/tokens/tokens";
import { getDb } from "@/lib/db/client";
import { user as userTable } from "@/lib/db/schema";
import { createSignedInUser } from "../support/auth";
import { jsonRequest, uniqueClientIp } from "../support/http";
import { introspection as answer, introspect } from "../support/introspection";
import { TEST_RESOURCE_SERVERS } from "../support/setup";

const basic = (name: string, secret: string) =>
  `Basic ${Buffer.from(`${name}:${secret}`).toString("base64")}`;
describe("POST /api/auth/introspect (RFC 7662)", () => {
  it("answers active with the token's claims and the user's current role while the session lives", async () => {
    const signedIn = await createSignedInUser();
    const [, payload = ""] = signedIn.accessToken.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    await getDb()
      .update(userTable)
      .set({ role: "admin" })
      .where(eq(userTable.id, signedIn.user.id));
    expect(await answer(signedIn.accessToken)).toEqual({
      active: true,
      sub: signedIn.user.id,
      sid: claims.sid,
      role: "admin",
      exp: claims.exp,
      iat: claims.iat,
      iss: tokenIssuer(),
      aud: "taskflow:api",
      token_type: "Bearer",
      // The personal workspace (tests/integration/workspaces/introspection.test.ts: the others).
      workspaces: [{ id: expect.any(String), role: "owner" }],
    });
    // The other resource server, with its secret as a Bearer credential.
    const bearer = `Bearer ${TEST_RESOURCE_SERVERS.billing}`;
    expect((await answer(signedIn.accessToken, { authorization: bearer })).active).toBe(true);
  });

  it("answers { active: false } at once after logout, and for refresh, expired, foreign and garbage tokens", async () => {
    const signedIn = await createSignedInUser();
    expect((await answer(signedIn.accessToken)).active).toBe(true);
    expect(await answer(signedIn.refreshToken)).toEqual({ active: false });
    expect(await answer("not.a.token")).toEqual({ active: false });
    const { privateKey } = await generateKeyPair("ES256");
    const foreign = await new SignJWT({
      sid: "s",
      email: "e@x.test",
      role: "admin",
      type: "access",
    })
      .setProtectedHeader({ alg: "ES256", typ: "JWT" })
      .setSubject(signedIn.user.id)
      .setIssuer(tokenIssuer())
      .setAudience("taskflow:api")
      .setIssuedAt()
      .setExpirationTime("5m")
      .setJti("j")
      .sign(privateKey);
    expect(await answer(foreign)).toEqual({ active: false });

    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31 * 60_000 });
    try {
      expect(await answer(signedIn.accessToken)).toEqual({ active: false });
    } finally {
      vi.useRealTimers();
    }

    const out = await logout(
      jsonRequest("/api/auth/logout", { headers: { cookie: signedIn.cookie } }),
    );
    expect(out.status).toBe(200);
    expect(await answer(signedIn.accessToken)).toEqual({ active: false });
  });

  it("refuses a missing or wrong resource-server credential with 401 invalid_client", async () => {
    const { accessToken } = await createSignedInUser();
    for (const authorization of [
      "",
      basic("orders", `${TEST_RESOURCE_SERVERS.orders}x`),
      basic("orders", TEST_RESOURCE_SERVERS.billing),
      basic("nobody", TEST_RESOURCE_SERVERS.orders),
      `Bearer ${TEST_RESOURCE_SERVERS.orders.slice(0, -1)}`,
      `Bearer orders:${TEST_RESOURCE_SERVERS.orders}`,
      `Bearer ${accessToken}`,
      "Basic !!!",
    ]) {
      const response = await introspect(accessToken, { authorization });
      expect({ authorization, status: response.status }).toEqual({ authorization, status: 401 });
      expect(response.headers.get("www-authenticate")).toContain("Basic");
      expect((await response.json()).error.code).toBe("invalid_client");
    }
  });

  it("answers 400 without a token and 415 for a JSON body", async () => {
    const missing = await introspect(undefined);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields).toHaveProperty("token");
    const json = await introspect("x", { contentType: "application/json" });
    expect(json.status).toBe(415);
  });

  it("is rate limited per client IP while the credential is wrong, without touching a good one", async () => {
    const ip = uniqueClientIp();
    const wrong = basic("orders", "guess".repeat(8));
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 41; attempt++) {
      statuses.push((await introspect("x", { authorization: wrong, ip })).status);
    }
    expect(statuses.slice(0, 40).every((status) => status === 401)).toBe(true);
    expect(statuses[40]).toBe(429);
    const { accessToken } = await createSignedInUser();
    expect((await answer(accessToken, { ip })).active).toBe(true);
  });
});
