import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { oauthClient } from "@/lib/db/schema";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp } from "../support/http";
import { freezeClockMidMinute, importWithEnv, restoreEnv } from "../support/isolation";
import { expectDocumented } from "../support/openapi";

/**
 * Dynamic client registration (RFC 7591) as an MCP client calls it: public clients only, every
 * redirect URI checked, RFC 7591's error codes in its shape, a limit per IP, and no endpoint while the OAuth
 * provider is off.
 */
afterEach(() => {
  restoreEnv();
  vi.useRealTimers();
});

const registrationRoute = (env: Record<string, string> = {}) =>
  importWithEnv(() => import("@/app/api/oauth/register/route"), { OAUTH_PROVIDER: "on", ...env });

const valid = {
  client_name: "Claude Desktop",
  redirect_uris: ["http://127.0.0.1:33418/callback", "https://agent.example/oauth/callback"],
};

async function register(body: unknown, ip = uniqueClientIp()) {
  const { POST } = await registrationRoute();
  return POST(jsonRequest("/api/oauth/register", { body, headers: { "x-real-ip": ip } }));
}

/**
 * A refusal in RFC 7591 §3.2.2's shape, which OAuth libraries parse (`error` a string), not the
 * app's: its description names the field that failed.
 */
async function expectRefused(body: unknown, code: string, field: string) {
  const response = await register(body);
  expect(response.status, JSON.stringify(body)).toBe(400);
  await expectDocumented("post", "/api/oauth/register", response);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const answer = await response.json();
  expect(answer, JSON.stringify(body)).toEqual({
    error: code,
    error_description: expect.stringContaining(`${field}`),
  });
}

describe("POST /api/oauth/register", () => {
  it("registers a public client with no owner and answers all it registered (201)", async () => {
    const response = await register({
      ...valid,
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code"],
      response_types: ["code"],
      // Members the server does not know are ignored (RFC 7591 §2), not refused.
      logo_uri: "https://agent.example/logo.png",
      software_id: "claude",
    });
    expect(response.status).toBe(201);
    await expectDocumented("post", "/api/oauth/register", response);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({
      client_id: expect.stringMatching(/^tfc_[A-Za-z0-9_-]{22}$/),
      client_id_issued_at: expect.any(Number),
      client_name: "Claude Desktop",
      redirect_uris: valid.redirect_uris,
      grant_types: [
        "authorization_code",
        "refresh_token",
        "urn:ietf:params:oauth:grant-type:device_code",
      ],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    });
    expect(Math.abs(body.client_id_issued_at - Date.now() / 1000)).toBeLessThan(60);

    const [row] = await getDb()
      .select()
      .from(oauthClient)
      .where(eq(oauthClient.clientId, body.client_id));
    expect(row).toMatchObject({
      name: "Claude Desktop",
      redirectUris: valid.redirect_uris,
      secretHash: null,
      ownerId: null,
    });
  });

  it("refuses each kind of unsafe redirect URI with invalid_redirect_uri", async () => {
    const refused = [
      ["http://agent.example/callback"], // plain http off loopback
      ["https://agent.example/callback#done"], // a fragment
      ["javascript:alert(1)"],
      ["data:text/html,hi"],
      ["https://user:pass@agent.example/callback"],
      ["/relative/callback"],
      [],
      Array.from({ length: 11 }, (_, index) => `https://agent.example/callback/${index}`),
      ["https://agent.example/cb", "https://agent.example/cb"],
    ];
    for (const redirectUris of refused) {
      await expectRefused(
        { ...valid, redirect_uris: redirectUris },
        "invalid_redirect_uri",
        "redirect_uris",
      );
    }
    await expectRefused({ client_name: "No URIs" }, "invalid_redirect_uri", "redirect_uris");
  });

  it("refuses a secret-based client, unknown grants and a bad name with invalid_client_metadata", async () => {
    for (const method of ["client_secret_basic", "client_secret_post", "private_key_jwt"]) {
      await expectRefused(
        { ...valid, token_endpoint_auth_method: method },
        "invalid_client_metadata",
        "token_endpoint_auth_method",
      );
    }
    for (const grants of [["client_credentials"], ["password"], ["implicit"]]) {
      await expectRefused(
        { ...valid, grant_types: grants },
        "invalid_client_metadata",
        "grant_types",
      );
    }
    await expectRefused(
      { ...valid, response_types: ["token"] },
      "invalid_client_metadata",
      "response_types",
    );
    for (const name of [undefined, "", "   ", "two\nlines", "x".repeat(101)]) {
      await expectRefused(
        { ...valid, client_name: name },
        "invalid_client_metadata",
        "client_name",
      );
    }
    const rows = await getDb().select().from(oauthClient).where(eq(oauthClient.name, "No URIs"));
    expect(rows).toEqual([]);
  });

  it("refuses a body that is not JSON (415, 400) before it reaches the rules", async () => {
    const { POST } = await registrationRoute();
    const send = (contentType: string, body: string) =>
      POST(
        new Request(`${TEST_ORIGIN}/api/oauth/register`, {
          method: "POST",
          headers: { "content-type": contentType, "x-real-ip": uniqueClientIp() },
          body,
        }),
      );
    expect((await send("application/x-www-form-urlencoded", "client_name=x")).status).toBe(415);
    const broken = await send("application/json", "{");
    expect(broken.status).toBe(400);
    await expectDocumented("post", "/api/oauth/register", broken);
    expect((await broken.json()).error).toBe("invalid_json");
  });

  it("counts every registration per client IP, refused ones too: 429 past the limit", async () => {
    freezeClockMidMinute();
    const { POST } = await registrationRoute({ RATE_LIMIT_OAUTH_REGISTER_IP: "3/1h" });
    const ip = uniqueClientIp();
    const send = (body: unknown, from = ip) =>
      POST(jsonRequest("/api/oauth/register", { body, headers: { "x-real-ip": from } }));
    expect((await send(valid)).status).toBe(201);
    expect((await send({ ...valid, redirect_uris: ["javascript:x"] })).status).toBe(400);
    expect((await send(valid)).status).toBe(201);
    const limited = await send(valid);
    expect(limited.status).toBe(429);
    await expectDocumented("post", "/api/oauth/register", limited);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error).toBe("rate_limited");
    expect((await send(valid, uniqueClientIp())).status).toBe(201);
  });

  it("does not exist while OAUTH_PROVIDER is off (404, nothing written)", async () => {
    const { POST } = await registrationRoute({ OAUTH_PROVIDER: "off" });
    const name = `Off ${Date.now()}`;
    const response = await POST(
      jsonRequest("/api/oauth/register", { body: { ...valid, client_name: name } }),
    );
    expect(response.status).toBe(404);
    await expectDocumented("post", "/api/oauth/register", response);
    expect(await getDb().select().from(oauthClient).where(eq(oauthClient.name, name))).toEqual([]);
  });
});
