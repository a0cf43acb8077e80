import * as oidc from "openid-client";
import { describe, expect, it, vi } from "vitest";
import { DELETE as revokeKey } from "@/app/api/auth/api-keys/[id]/route";
import { POST as createKey } from "@/app/api/auth/api-keys/route";
import { createSignedInUser } from "../../support/auth";
import { jsonRequest, TEST_ORIGIN } from "../../support/http";
import { introspect as introspectRequest } from "../../support/introspection";
import { expectDocumented } from "../../support/openapi";
import { workspaceApi, workspaceWithMember } from "../../support/workspaces";
import { grantedTokens, registerClient, serveForThisFile, tokensForWorkspace } from "./harness";

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
  process.env.API_KEYS = "on";
});

const served = serveForThisFile();

/** RFC 7662 as a resource server asks; the answer is the one the OpenAPI document describes. */
async function introspect(token: string) {
  const response = await introspectRequest(token);
  expect(response.status).toBe(200);
  await expectDocumented("post", "/api/auth/introspect", response.clone());
  return response.json();
}

describe("introspection of an app's tokens and of API keys", () => {
  it("answers an app's token active with its scope, client and audience while its grant lives", async () => {
    const client = await registerClient();
    const { user, config, tokens } = await grantedTokens(served.current, client, {
      scope: "tasks:read",
    });
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      sub: user.user.id,
      scope: "tasks:read",
      client_id: client.clientId,
      aud: `${TEST_ORIGIN}/api`,
      iss: TEST_ORIGIN,
      token_type: "Bearer",
    });
    expect(await introspect(tokens.access_token)).not.toHaveProperty("workspace");
    await oidc.tokenRevocation(config, tokens.refresh_token ?? "");
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
  });

  it("names the workspace a grant is for, until the workspace is deleted", async () => {
    const { id, owner, member } = await workspaceWithMember("member", "Shared");
    const { tokens } = await tokensForWorkspace(served.current, await registerClient(), member, id);
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      sub: member.user.id,
      workspace: id,
    });
    await workspaceApi(owner.headers).delete(id, { confirmName: "Shared" });
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
  });

  it("answers an API key active with its scopes while it lives", async () => {
    const owner = await createSignedInUser();
    const created = await createKey(
      jsonRequest("/api/auth/api-keys", {
        body: {
          name: "script",
          scopes: ["tasks:read"],
          expiresInDays: 30,
          password: owner.password,
        },
        headers: { cookie: owner.cookie },
      }),
    );
    const { key, apiKey } = await created.json();
    expect(await introspect(key)).toMatchObject({
      active: true,
      sub: owner.user.id,
      scope: "tasks:read",
      token_type: "api_key",
    });
    await revokeKey(
      jsonRequest(`/api/auth/api-keys/${apiKey.id}`, {
        method: "DELETE",
        headers: { cookie: owner.cookie },
      }),
      { params: Promise.resolve({ id: apiKey.id }) },
    );
    expect(await introspect(key)).toEqual({ active: false });
  });
});
