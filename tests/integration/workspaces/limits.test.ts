import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { workspace, workspaceMember } from "@/lib/db/schema";
import { settleAfterResponseWork } from "@/lib/http/after-response";
import { MAX_INVITATIONS } from "@/lib/workspaces/invitations";
import { MAX_OWNED_WORKSPACES } from "@/lib/workspaces/workspaces";
import { createSignedInUser } from "../../support/auth";
import { jsonRequest, uniqueEmail } from "../../support/http";
import { importWithEnv, restoreEnv } from "../../support/isolation";
import { mailsTo } from "../../support/notices";
import { expectDocumented } from "../../support/openapi";
import { addInvitation, addMembers, expectJson, workspaceApi } from "../../support/workspaces";

/**
 * What one account may make others store and mail: bounded, each bound answered in the one
 * error shape the API document lists.
 */

afterEach(() => restoreEnv());

const SUBJECT = /invited you to/;

async function errorCode(response: Response, status: number) {
  expect(response.status).toBe(status);
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** `count` shared workspaces owned by `userId`, written straight into the database. */
async function ownedWorkspaces(userId: string, count: number) {
  const rows = await getDb()
    .insert(workspace)
    .values(Array.from({ length: count }, (_, n) => ({ name: `Owned ${n}` })))
    .returning({ id: workspace.id });
  await getDb()
    .insert(workspaceMember)
    .values(rows.map(({ id }) => ({ workspaceId: id, userId, role: "owner" as const })));
  return rows.map(({ id }) => id);
}

describe("workspaces one account creates", () => {
  it(`stop at ${MAX_OWNED_WORKSPACES} owned (others' where it is only a member do not count), and start again once one is deleted`, async () => {
    const [creator, someoneElse] = await Promise.all([createSignedInUser(), createSignedInUser()]);
    const api = workspaceApi(creator.headers);
    const [first] = await ownedWorkspaces(creator.user.id, MAX_OWNED_WORKSPACES - 1);
    const [theirs] = await ownedWorkspaces(someoneElse.user.id, 1);
    await addMembers(theirs ?? "", [[creator.user.id, "admin"]]);
    expect((await api.create({ name: "The last one" })).status).toBe(201);

    const refused = await api.create({ name: "One too many" });
    await expectDocumented("post", "/api/workspaces", refused);
    expect(await errorCode(refused, 409)).toBe("too_many_workspaces");

    expect((await api.delete(first ?? "", { confirmName: "Owned 0" })).status).toBe(204);
    expect((await api.create({ name: "Room again" })).status).toBe(201);
  });
});

describe("invitations", () => {
  async function ownWorkspace() {
    const owner = await createSignedInUser();
    const api = workspaceApi(owner.headers);
    const { id } = await expectJson<{ id: string }>(await api.create({ name: "Crew" }), 201);
    return { owner, api, id };
  }

  it("are limited per inviter, sent or resent (RATE_LIMIT_INVITATION_USER)", async () => {
    const invitations = await importWithEnv(
      () => import("@/app/api/workspaces/[id]/invitations/route"),
      { RATE_LIMIT_INVITATION_USER: "2/1h" },
    );
    const resend = await import(
      "@/app/api/workspaces/[id]/invitations/[invitationId]/resend/route"
    );
    const { owner, id } = await ownWorkspace();
    const path = `/api/workspaces/${id}/invitations`;
    const invite = (email: string) =>
      invitations.POST(jsonRequest(path, { body: { email }, headers: owner.headers }), {
        params: Promise.resolve({ id }),
      });
    const first = await expectJson<{ id: string }>(await invite(uniqueEmail("one")), 201);
    const resent = await resend.POST(
      jsonRequest(`${path}/${first.id}/resend`, { method: "POST", headers: owner.headers }),
      { params: Promise.resolve({ id, invitationId: first.id }) },
    );
    expect(resent.status).toBe(204);
    const email = uniqueEmail("three");
    const limited = await invite(email);
    await expectDocumented("post", "/api/workspaces/{id}/invitations", limited);
    expect(await errorCode(limited, 429)).toBe("rate_limited");
    await settleAfterResponseWork();
    expect(await mailsTo(email, SUBJECT)).toEqual([]);
  });

  it(`stop at ${MAX_INVITATIONS} per workspace; inviting one of them again replaces it`, async () => {
    const { api, id } = await ownWorkspace();
    const invited = Array.from({ length: MAX_INVITATIONS }, (_, n) => `pending-${n}@example.test`);
    await Promise.all(invited.map((email) => addInvitation(id, email)));
    const refused = await api.invite(id, { email: uniqueEmail("one-more") });
    await expectDocumented("post", "/api/workspaces/{id}/invitations", refused);
    expect(await errorCode(refused, 409)).toBe("too_many_invitations");
    expect((await api.invite(id, { email: invited[0] ?? "" })).status).toBe(201);
  });
});
