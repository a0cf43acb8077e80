import { eq } from "drizzle-orm";
import { decodeJwt, decodeProtectedHeader } from "jose";
import * as oidc from "openid-client";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { securityEvent } from "@/lib/db/schema";
import { TEST_ORIGIN } from "../../support/http";
import { callTaskApi, clientRow, grantedTokens, registerClient, serveForThisFile } from "./harness";

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
});

const served = serveForThisFile();

describe("an app through the OAuth 2.1 flow, driven by openid-client", () => {
  it("discovers the server, gets tokens with PKCE, calls the task API, refreshes and revokes", async () => {
    const client = await registerClient();
    const { user, config, tokens } = await grantedTokens(served.current, client);
    expect(config.serverMetadata().issuer).toBe(TEST_ORIGIN);
    const events = await getDb()
      .select({ type: securityEvent.type })
      .from(securityEvent)
      .where(eq(securityEvent.userId, user.user.id));
    expect(events.map((event) => event.type)).toContain("oauth_grant_created");
    // Allowed once, the app is no longer an unclaimed registration for the prune.
    expect((await clientRow(client.clientId))?.grantedAt).toBeInstanceOf(Date);
    expect(tokens).toMatchObject({ token_type: "bearer", scope: "tasks:read tasks:write" });
    expect(tokens.expires_in).toBe(1800);

    const header = decodeProtectedHeader(tokens.access_token);
    expect(header.typ).toBe("at+jwt");
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      iss: TEST_ORIGIN,
      aud: `${TEST_ORIGIN}/api`,
      client_id: client.clientId,
      scope: "tasks:read tasks:write",
    });

    const created = await callTaskApi(config, tokens.access_token, "POST");
    expect(created.status).toBe(201);
    const listed = await callTaskApi(config, tokens.access_token);
    expect(listed.status).toBe(200);
    expect((await listed.json()).items).toHaveLength(1);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? "");
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await callTaskApi(config, refreshed.access_token)).status).toBe(200);

    await oidc.tokenRevocation(config, refreshed.refresh_token ?? "");
    // Revocation ends the grant: every token of it, on its next use.
    expect((await callTaskApi(config, refreshed.access_token)).status).toBe(401);
    expect((await callTaskApi(config, tokens.access_token)).status).toBe(401);
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token ?? "")).rejects.toThrow(
      expect.objectContaining({ error: "invalid_grant" }),
    );
  });

  it("authenticates a confidential client by client_secret_basic, and revokes by access token", async () => {
    const client = await registerClient({ confidential: true });
    const { config, tokens } = await grantedTokens(served.current, client);
    expect((await callTaskApi(config, tokens.access_token)).status).toBe(200);
    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await callTaskApi(config, tokens.access_token)).status).toBe(401);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token ?? "")).rejects.toThrow(
      expect.objectContaining({ error: "invalid_grant" }),
    );
  });

  it("refuses a confidential client with a wrong secret, or none, as invalid_client", async () => {
    const client = await registerClient({ confidential: true });
    const { tokens } = await grantedTokens(served.current, client);
    for (const authentication of [oidc.ClientSecretPost(`${client.secret}x`), oidc.None()]) {
      const config = await oidc.discovery(
        new URL(TEST_ORIGIN),
        client.clientId,
        undefined,
        authentication,
        {
          algorithm: "oauth2",
          execute: [oidc.allowInsecureRequests],
          [oidc.customFetch]: served.current.send,
        },
      );
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token ?? "")).rejects.toThrow(
        expect.objectContaining({ error: "invalid_client" }),
      );
    }
  });

  it("publishes RFC 8414 and RFC 9728 metadata, and names it in a 401's challenge", async () => {
    const metadata = await (
      await fetch(`${served.current.origin}/.well-known/oauth-authorization-server`)
    ).json();
    expect(metadata).toMatchObject({
      issuer: TEST_ORIGIN,
      authorization_endpoint: `${TEST_ORIGIN}/oauth/authorize`,
      token_endpoint: `${TEST_ORIGIN}/api/oauth/token`,
      revocation_endpoint: `${TEST_ORIGIN}/api/oauth/revoke`,
      registration_endpoint: `${TEST_ORIGIN}/api/oauth/register`,
      introspection_endpoint: `${TEST_ORIGIN}/api/auth/introspect`,
      code_challenge_methods_supported: ["S256"],
      response_types_supported: ["code"],
      grant_types_supported: [
        "authorization_code",
        "refresh_token",
        "urn:ietf:params:oauth:grant-type:device_code",
      ],
      device_authorization_endpoint: `${TEST_ORIGIN}/api/oauth/device_authorization`,
      scopes_supported: ["tasks:read", "tasks:write", "profile"],
      authorization_response_iss_parameter_supported: true,
    });
    const taskApi = await (
      await fetch(`${served.current.origin}/.well-known/oauth-protected-resource`)
    ).json();
    expect(taskApi).toMatchObject({
      resource: `${TEST_ORIGIN}/api`,
      authorization_servers: [TEST_ORIGIN],
    });
    const mcp = await (
      await fetch(`${served.current.origin}/.well-known/oauth-protected-resource/api/mcp`)
    ).json();
    expect(mcp.resource).toBe(`${TEST_ORIGIN}/api/mcp`);

    const anonymous = await fetch(`${served.current.origin}/api/tasks`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe(
      `Bearer realm="taskflow", resource_metadata="${TEST_ORIGIN}/.well-known/oauth-protected-resource"`,
    );
  });
});
