import { and, eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { describe, expect, it, vi } from "vitest";
import { GET as me } from "@/app/api/auth/me/route";
import { listGrants } from "@/lib/auth/connected-apps";
import { getDb } from "@/lib/db/client";
import { oauthAuthorizationCode, oauthDeviceCode, session, workspace } from "@/lib/db/schema";
import { createSignedInUser } from "../../support/auth";
import { jsonRequest } from "../../support/http";
import { expectDocumented } from "../../support/openapi";
import {
  addMembers,
  expectJson,
  workspaceApi,
  workspaceWithMember,
} from "../../support/workspaces";
import {
  authorizationRequest,
  callTaskApi,
  discover,
  grantedTokens,
  postAsPage,
  postConsent,
  registerClient,
  serveForThisFile,
  tokensForWorkspace,
  type User,
} from "./harness";

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
});

const served = serveForThisFile();

/** The workspace routes as the app calls them, with its access token. */
const asApp = (accessToken: string) => workspaceApi({ authorization: `Bearer ${accessToken}` });

const errorCode = async (response: Response, status: number) =>
  (await expectJson<{ error: { code: string } }>(response, status)).error.code;

/** A second shared workspace `user` is a member of, where a grant for another one reaches nothing. */
async function anotherWorkspaceOf(user: User) {
  const owner = await createSignedInUser();
  const { id } = await expectJson<{ id: string }>(
    await workspaceApi(owner.headers).create({ name: "Elsewhere" }),
    201,
  );
  await addMembers(id, [[user.user.id, "member"]]);
  return id;
}

describe("a grant for one workspace", () => {
  it("lists, creates and counts tasks there, and reaches nothing else", async () => {
    const { id, owner, member } = await workspaceWithMember("member");
    const elsewhere = await anotherWorkspaceOf(member);
    const client = await registerClient();
    const { config, tokens } = await tokensForWorkspace(served.current, client, member, id);
    // The app learns from the token answer which workspace it may use.
    expect(tokens).toMatchObject({ scope: "tasks:read tasks:write", workspace: id });
    const app = asApp(tokens.access_token);

    const created = await app.createTask(id, { title: "from an app" });
    await expectDocumented("post", "/api/workspaces/{id}/tasks", created.clone());
    const task = await expectJson<{ id: string; createdBy: unknown }>(created, 201);
    const listed = await expectJson<{ items: { id: string }[] }>(await app.tasks(id), 200);
    expect(listed.items.map((item) => item.id)).toEqual([task.id]);
    expect((await app.task(id, task.id)).status).toBe(200);
    expect((await app.patchTask(id, task.id, { status: "completed" })).status).toBe(200);
    expect((await app.stats(id)).status).toBe(200);
    // The owner sees the app's task, written as the member who allowed it.
    const seen = await expectJson<{ items: { id: string }[] }>(
      await workspaceApi(owner.headers).tasks(id),
      200,
    );
    expect(seen.items.map((item) => item.id)).toEqual([task.id]);

    // Another workspace the user is in does not exist for this app.
    expect(await errorCode(await app.tasks(elsewhere), 404)).toBe("not_found");
    expect(await errorCode(await app.createTask(elsewhere, { title: "x" }), 404)).toBe("not_found");
    // Nor do the user's personal tasks: 403, as for a scope the grant lacks.
    for (const method of ["GET", "POST"] as const) {
      const personal = await callTaskApi(config, tokens.access_token, method);
      expect(personal.status, method).toBe(403);
      expect((await personal.json()).error.code).toBe("insufficient_scope");
    }
    // Workspace routes that declare no scope take no app token.
    expect(await errorCode(await app.members(id), 403)).toBe("app_token_not_accepted");
    expect(await errorCode(await app.get(id), 403)).toBe("app_token_not_accepted");
    expect((await app.deleteTask(id, task.id)).status).toBe(204);
    // The profile, with `profile`, is not personal tasks.
    const withProfile = await tokensForWorkspace(
      served.current,
      client,
      member,
      id,
      "tasks:read profile",
    );
    const profile = await me(
      jsonRequest("/api/auth/me", {
        method: "GET",
        headers: { authorization: `Bearer ${withProfile.tokens.access_token}` },
      }),
    );
    expect((await expectJson<{ user: { id: string } }>(profile, 200)).user.id).toBe(member.user.id);
  });

  it("keeps a tasks:read grant from writing there", async () => {
    const { id, member } = await workspaceWithMember("member");
    const { tokens } = await tokensForWorkspace(
      served.current,
      await registerClient(),
      member,
      id,
      "tasks:read",
    );
    const app = asApp(tokens.access_token);
    expect((await app.tasks(id)).status).toBe(200);
    expect(await errorCode(await app.createTask(id, { title: "x" }), 403)).toBe(
      "insufficient_scope",
    );
  });

  it("is what a personal grant is not: that one is refused on the workspace's routes", async () => {
    const { tokens, user } = await grantedTokens(served.current, await registerClient());
    const id = await anotherWorkspaceOf(user);
    const app = asApp(tokens.access_token);
    expect(await errorCode(await app.tasks(id), 403)).toBe("app_token_not_accepted");
    expect(await errorCode(await app.createTask(id, { title: "x" }), 403)).toBe(
      "app_token_not_accepted",
    );
  });

  it("follows the user's membership: demoted, no more writes; removed, nothing", async () => {
    const { id, owner, member } = await workspaceWithMember("member");
    const { tokens } = await tokensForWorkspace(served.current, await registerClient(), member, id);
    const app = asApp(tokens.access_token);
    expect((await app.createTask(id, { title: "before" })).status).toBe(201);

    const ownerApi = workspaceApi(owner.headers);
    expect((await ownerApi.changeRole(id, member.user.id, { role: "viewer" })).status).toBe(204);
    expect(await errorCode(await app.createTask(id, { title: "after" }), 403)).toBe("forbidden");
    expect((await app.tasks(id)).status).toBe(200);

    expect((await ownerApi.removeMember(id, member.user.id)).status).toBe(204);
    expect(await errorCode(await app.tasks(id), 404)).toBe("not_found");
  });

  it("ends when the workspace is deleted: gone from Connected apps, its refresh refused", async () => {
    const { id, owner, member } = await workspaceWithMember("admin", "Doomed");
    const client = await registerClient();
    const { config, tokens } = await tokensForWorkspace(served.current, client, member, id);
    expect((await listGrants(member.user.id)).map((grant) => grant.workspace)).toEqual([
      { id, name: "Doomed" },
    ]);

    const deleted = await workspaceApi(owner.headers).delete(id, { confirmName: "Doomed" });
    expect(deleted.status).toBe(204);
    expect(await listGrants(member.user.id)).toEqual([]);
    const refresh = oidc.refreshTokenGrant(config, tokens.refresh_token ?? "");
    await expect(refresh).rejects.toMatchObject({ error: "invalid_grant" });
    expect(await errorCode(await asApp(tokens.access_token).tasks(id), 401)).toBe(
      "unauthenticated",
    );
  });

  it("survives a refresh, which keeps it to its workspace", async () => {
    const { id, member } = await workspaceWithMember("member");
    const { config, tokens } = await tokensForWorkspace(
      served.current,
      await registerClient(),
      member,
      id,
    );
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? "", {
      scope: "tasks:read",
    });
    expect(refreshed).toMatchObject({ scope: "tasks:read", workspace: id });
    const app = asApp(refreshed.access_token);
    expect((await app.tasks(id)).status).toBe(200);
    expect(await errorCode(await app.createTask(id, { title: "x" }), 403)).toBe(
      "insufficient_scope",
    );
    expect((await callTaskApi(config, refreshed.access_token)).status).toBe(403);
  });
});

describe("the consent answer's choice of workspace", () => {
  /** The user's Allow with `workspace` chosen; the number of codes they were issued. */
  async function allowWith(user: User, workspace: string, scope = "tasks:read tasks:write") {
    const config = await discover(served.current, await registerClient());
    const { url } = await authorizationRequest(config, { scope });
    const response = await postConsent(served.current, user, {
      ...Object.fromEntries(url.searchParams),
      workspace,
    });
    const codes = await getDb()
      .select()
      .from(oauthAuthorizationCode)
      .where(eq(oauthAuthorizationCode.userId, user.user.id));
    return { response, codes };
  }

  it("refuses a workspace the user is not in, their personal one, and nonsense: no code", async () => {
    const { id: theirs } = await workspaceWithMember("member");
    const user = await createSignedInUser();
    const [personal] = await getDb()
      .select({ id: workspace.id })
      .from(workspace)
      .where(eq(workspace.personalOwnerId, user.user.id));
    for (const chosen of [theirs, personal?.id ?? "", "not-a-workspace"]) {
      const { response, codes } = await allowWith(user, chosen);
      expect(response.status, chosen).toBe(400);
      const { error } = await response.json();
      expect(error.fields).toHaveProperty("workspace");
      expect(codes).toEqual([]);
    }
  });

  it("offers a viewer's workspace to a read-only app only", async () => {
    const { id, member: viewer } = await workspaceWithMember("viewer");
    expect((await allowWith(viewer, id)).response.status).toBe(400);
    const { response, codes } = await allowWith(viewer, id, "tasks:read");
    expect(response.status).toBe(303);
    expect(codes.map((code) => code.workspaceId)).toEqual([id]);
  });

  it("keeps the personal tasks the default, and names no workspace for them", async () => {
    const { id, member } = await workspaceWithMember("member");
    const { tokens } = await tokensForWorkspace(
      served.current,
      await registerClient(),
      member,
      "personal",
    );
    expect(tokens).not.toHaveProperty("workspace");
    expect(await errorCode(await asApp(tokens.access_token).tasks(id), 403)).toBe(
      "app_token_not_accepted",
    );
    const [grant] = await getDb()
      .select({ workspaceId: session.workspaceId })
      .from(session)
      .where(
        and(eq(session.userId, member.user.id), eq(session.scopes, ["tasks:read", "tasks:write"])),
      );
    expect(grant).toEqual({ workspaceId: null });
  });
});

describe("the device flow", () => {
  it("gives a command-line tool a grant for the workspace chosen on /device", async () => {
    const { id, member } = await workspaceWithMember("member");
    const client = await registerClient();
    const config = await discover(served.current, client);
    const device = await oidc.initiateDeviceAuthorization(config, {
      scope: "tasks:read tasks:write",
    });
    const answer = (workspace: string) =>
      postAsPage(served.current, "/api/oauth/device", member, {
        user_code: device.user_code,
        decision: "allow",
        workspace,
      });
    // A workspace the user is not in is refused, and the request stays pending.
    const { id: notTheirs } = await workspaceWithMember("owner");
    expect((await answer(notTheirs)).status).toBe(400);
    const [pending] = await getDb()
      .select({ status: oauthDeviceCode.status })
      .from(oauthDeviceCode)
      .where(eq(oauthDeviceCode.userCode, device.user_code.replace("-", "")));
    expect(pending?.status).toBe("pending");

    expect((await answer(id)).status).toBe(303);
    const tokens = await oidc.pollDeviceAuthorizationGrant(config, device);
    expect(tokens).toMatchObject({ workspace: id });
    expect((await asApp(tokens.access_token).createTask(id, { title: "from a CLI" })).status).toBe(
      201,
    );
    expect((await callTaskApi(config, tokens.access_token)).status).toBe(403);
  });
});
