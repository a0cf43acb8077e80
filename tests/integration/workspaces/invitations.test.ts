import { eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { user, workspaceInvitation } from "@/lib/db/schema";
import { settleAfterResponseWork } from "@/lib/http/after-response";
import { createSignedInUser } from "../../support/auth";
import { captureConsole } from "../../support/console";
import { uniqueEmail } from "../../support/http";
import { mailsTo, waitForMails } from "../../support/notices";
import { addMembers, expectJson, workspaceApi } from "../../support/workspaces";

type User = Awaited<ReturnType<typeof createSignedInUser>>;
const SUBJECT = /invited you to/;
const TOKEN = /#token=([A-Za-z0-9_-]+)/;

let owner: User;
let ownerApi: ReturnType<typeof workspaceApi>;

beforeAll(async () => {
  owner = await createSignedInUser();
  ownerApi = workspaceApi(owner.headers);
});
afterEach(() => vi.restoreAllMocks());

async function newWorkspace() {
  const { id } = await expectJson<{ id: string }>(await ownerApi.create({ name: "Crew" }), 201);
  return id;
}

/** Invites `email` and returns the invitation's id and the token of the link it mailed. */
async function invite(workspaceId: string, email: string, role = "member", count = 1) {
  const invitation = await expectJson<{ id: string }>(
    await ownerApi.invite(workspaceId, { email, role }),
    201,
  );
  const mails = await waitForMails(email, SUBJECT, count);
  const token = TOKEN.exec(mails.at(-1)?.text ?? "")?.[1] ?? "";
  return { invitationId: invitation.id, token };
}

async function errorCode(response: Response, status: number) {
  expect(response.status).toBe(status);
  return (await response.json()).error.code as string;
}

async function roleIn(workspaceId: string, user: User) {
  const { items } = await expectJson<{ items: { userId: string; role: string }[] }>(
    await ownerApi.members(workspaceId),
    200,
  );
  return items.find((member) => member.userId === user.user.id)?.role;
}

describe("an invitation", () => {
  it("is accepted once, by the verified account of the invited address, with its role", async () => {
    const id = await newWorkspace();
    const invitee = await createSignedInUser();
    const { token } = await invite(id, invitee.email, "viewer");
    const api = workspaceApi(invitee.headers);

    expect(await expectJson(await api.accept(token), 200)).toEqual({ workspaceId: id });
    expect(await roleIn(id, invitee)).toBe("viewer");
    expect(await errorCode(await api.accept(token), 404)).toBe("invitation_not_found");
    expect(await expectJson(await ownerApi.invitations(id), 200)).toEqual({ items: [] });
  });

  it("expires", async () => {
    const id = await newWorkspace();
    const invitee = await createSignedInUser();
    const { invitationId, token } = await invite(id, invitee.email);
    await getDb()
      .update(workspaceInvitation)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(workspaceInvitation.id, invitationId));
    const response = await workspaceApi(invitee.headers).accept(token);
    expect(await errorCode(response, 404)).toBe("invitation_not_found");
    expect(await roleIn(id, invitee)).toBeUndefined();
  });

  it("dies when revoked, and its resent link replaces the old one", async () => {
    const id = await newWorkspace();
    const invitee = await createSignedInUser();
    const api = workspaceApi(invitee.headers);
    const first = await invite(id, invitee.email);
    expect((await ownerApi.resend(id, first.invitationId)).status).toBe(204);
    const [, second] = await waitForMails(invitee.email, SUBJECT, 2);
    const resentToken = TOKEN.exec(second?.text ?? "")?.[1] ?? "";
    expect(await errorCode(await api.accept(first.token), 404)).toBe("invitation_not_found");

    expect((await ownerApi.revoke(id, first.invitationId)).status).toBe(204);
    expect(await errorCode(await api.accept(resentToken), 404)).toBe("invitation_not_found");
    expect(await roleIn(id, invitee)).toBeUndefined();
  });

  it("refuses another account, and stays usable by the invited one", async () => {
    const id = await newWorkspace();
    const invitee = await createSignedInUser();
    const stranger = await createSignedInUser();
    const { token } = await invite(id, invitee.email);
    const response = await workspaceApi(stranger.headers).accept(token);
    expect(await errorCode(response, 403)).toBe("invitation_for_another_address");
    expect(await roleIn(id, stranger)).toBeUndefined();
    expect((await workspaceApi(invitee.headers).accept(token)).status).toBe(200);
  });

  it("refuses an unverified account of the invited address until the address is proven", async () => {
    // Someone registered the invited address without owning its mailbox: an unverified account
    // is nobody's yet (docs/architecture.md), so it joins nothing. The invitation waits for
    // whoever proves the mailbox.
    const id = await newWorkspace();
    const email = uniqueEmail("pre-registered");
    const squatter = await createSignedInUser({ email, verified: false });
    const { token } = await invite(id, email);
    const response = await workspaceApi(squatter.headers).accept(token);
    expect(await errorCode(response, 403)).toBe("address_not_proven");
    expect(await roleIn(id, squatter)).toBeUndefined();
    expect(await expectJson<{ items: unknown[] }>(await ownerApi.invitations(id), 200)).toEqual({
      items: [expect.objectContaining({ email })],
    });
  });

  it("of an address that is already a member is refused", async () => {
    const id = await newWorkspace();
    const response = await ownerApi.invite(id, { email: owner.email });
    expect(await errorCode(response, 409)).toBe("already_member");
  });

  it("never writes its token to a log, and never shows it to the workspace's managers", async () => {
    const id = await newWorkspace();
    const invitee = await createSignedInUser();
    const lines = captureConsole();
    const { token } = await invite(id, invitee.email);
    const listed = await (await ownerApi.invitations(id)).text();
    await workspaceApi(invitee.headers).accept(token);
    await settleAfterResponseWork();
    expect(token.length).toBeGreaterThan(30);
    expect(lines.join("\n")).not.toContain(token);
    expect(listed).not.toContain(token);
  });

  it("mail is capped per address: past the cap the answer is the same and no mail leaves", async () => {
    const id = await newWorkspace();
    const email = uniqueEmail("capped");
    const { invitationId } = await invite(id, email);
    for (let resend = 0; resend < 4; resend++) {
      expect((await ownerApi.resend(id, invitationId)).status).toBe(204);
    }
    await settleAfterResponseWork();
    expect(await mailsTo(email, SUBJECT)).toHaveLength(3);
  });
});

describe("an invitation lasts while its inviter may invite", () => {
  /** A workspace of the owner's with an admin in it, who invited a new account as an admin. */
  async function invitedByAdmin() {
    const id = await newWorkspace();
    const [admin, invitee] = await Promise.all([createSignedInUser(), createSignedInUser()]);
    await addMembers(id, [[admin.user.id, "admin"]]);
    const invited = { email: invitee.email, role: "admin" };
    expect((await workspaceApi(admin.headers).invite(id, invited)).status).toBe(201);
    const [mail] = await waitForMails(invitee.email, SUBJECT);
    return { id, admin, invitee, token: TOKEN.exec(mail?.text ?? "")?.[1] ?? "" };
  }

  // Each ends the inviter's right to invite, and answers 204 (the account's deletion, nothing).
  const ENDINGS: Record<string, (id: string, admin: User) => Promise<Response | undefined>> = {
    "is removed": (id, admin) => ownerApi.removeMember(id, admin.user.id),
    "removes themselves": (id, admin) =>
      workspaceApi(admin.headers).removeMember(id, admin.user.id),
    "is demoted to member": (id, admin) =>
      ownerApi.changeRole(id, admin.user.id, { role: "member" }),
    "steps down to viewer": (id, admin) =>
      workspaceApi(admin.headers).changeRole(id, admin.user.id, { role: "viewer" }),
    leaves: (id, admin) => workspaceApi(admin.headers).leave(id),
    "deletes the account": async (_, admin) => {
      await getDb().delete(user).where(eq(user.id, admin.user.id));
      return undefined;
    },
  };

  it.each(Object.entries(ENDINGS))("dies when its inviter %s", async (_, end) => {
    const { id, admin, invitee, token } = await invitedByAdmin();
    expect((await end(id, admin))?.status ?? 204).toBe(204);
    const response = await workspaceApi(invitee.headers).accept(token);
    expect(await errorCode(response, 404)).toBe("invitation_not_found");
    expect(await roleIn(id, invitee)).toBeUndefined();
    expect(await expectJson(await ownerApi.invitations(id), 200)).toEqual({ items: [] });
  });

  it("stays while its inviter remains a manager, and a resend makes it the resender's", async () => {
    const { id, admin, invitee, token } = await invitedByAdmin();
    expect((await ownerApi.changeRole(id, admin.user.id, { role: "owner" })).status).toBe(204);
    expect((await ownerApi.changeRole(id, admin.user.id, { role: "admin" })).status).toBe(204);
    const [pending] = (
      await expectJson<{ items: { id: string }[] }>(await ownerApi.invitations(id), 200)
    ).items;
    expect((await ownerApi.resend(id, pending?.id ?? "")).status).toBe(204);
    const [, resent] = await waitForMails(invitee.email, SUBJECT, 2);
    expect((await ownerApi.removeMember(id, admin.user.id)).status).toBe(204);

    const api = workspaceApi(invitee.headers);
    expect(await errorCode(await api.accept(token), 404)).toBe("invitation_not_found");
    const resentToken = TOKEN.exec(resent?.text ?? "")?.[1] ?? "";
    expect(await expectJson(await api.accept(resentToken), 200)).toEqual({ workspaceId: id });
    expect(await roleIn(id, invitee)).toBe("admin");
  });
});
