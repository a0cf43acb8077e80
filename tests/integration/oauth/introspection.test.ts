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

/** A new `tasks:read` API key of `user`'s, made through the route Settings uses. */
async function readingKeyOf(user: { password: string; cookie: string }) {
  const created = await createKey(
    jsonRequest("/api/auth/api-keys", {
      body: { name: "script", scopes: ["tasks:read"], expiresInDays: 30, password: user.password },
      headers: { cookie: user.cookie },
    }),
  );
  expect(created.status).toBe(201);
  return (await created.json()) as { key: string; apiKey: { id: string } };
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

  // A resource server authorises by the answer's `workspaces`: it must not let an app or a key
  // reach a workspace our own routes would refuse it.
  describe("the workspaces a resource server may let the token reach", () => {
    const sharedWorkspace = () => workspaceWithMember("admin", "Reached");

    it("are the user's every workspace for their own sign-in", async () => {
      const { id, member } = await sharedWorkspace();
      const { workspaces } = await introspect(member.accessToken);
      expect(workspaces).toHaveLength(2);
      expect(workspaces).toContainEqual({ id, role: "admin" });
    });

    it("are none for an app granted the personal tasks", async () => {
      const { id, member } = await sharedWorkspace();
      const { tokens } = await tokensForWorkspace(
        served.current,
        await registerClient(),
        member,
        "personal",
      );
      expect(await introspect(tokens.access_token)).toMatchObject({
        active: true,
        workspaces: [],
      });
      expect((await introspect(member.accessToken)).workspaces).toContainEqual({
        id,
        role: "admin",
      });
    });

    it("are the grant's one workspace for an app granted one, while the user is a member", async () => {
      const { id, owner, member } = await sharedWorkspace();
      const { tokens } = await tokensForWorkspace(
        served.current,
        await registerClient(),
        member,
        id,
      );
      expect((await introspect(tokens.access_token)).workspaces).toEqual([{ id, role: "admin" }]);
      await workspaceApi(owner.headers).changeRole(id, member.user.id, { role: "viewer" });
      expect((await introspect(tokens.access_token)).workspaces).toEqual([{ id, role: "viewer" }]);
      await workspaceApi(owner.headers).removeMember(id, member.user.id);
      expect(await introspect(tokens.access_token)).toMatchObject({
        active: true,
        workspace: id,
        workspaces: [],
      });
    });

    it("are none for an API key", async () => {
      const { member } = await sharedWorkspace();
      const { key } = await readingKeyOf(member);
      expect(await introspect(key)).toMatchObject({ active: true, workspaces: [] });
    });
  });

  it("answers an API key active with its scopes while it lives", async () => {
    const owner = await createSignedInUser();
    const { key, apiKey } = await readingKeyOf(owner);
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
