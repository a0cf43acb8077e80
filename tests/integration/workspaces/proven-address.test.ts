import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import {
  securityEvent,
  user,
  workspace,
  workspaceInvitation,
  workspaceMember,
} from "@/lib/db/schema";
import { settleAfterResponseWork } from "@/lib/http/after-response";
import { createSignedInUser } from "../../support/auth";
import { uniqueEmail } from "../../support/http";
import { restoreEnv } from "../../support/isolation";
import { mailsTo } from "../../support/notices";
import { appUnder, tokenCookie } from "../../support/ownership";
import { addInvitation, addMembers, expectJson, workspaceApi } from "../../support/workspaces";

// Who registers an address does not own it until the mailbox is proven (docs/architecture.md,
// "Who owns an account"): sharing needs that proof, and whoever a squatter let into a workspace
// before it does not stay once the owner proves it.

afterEach(() => restoreEnv());

async function errorCode(response: Response, status: number) {
  expect(response.status, await response.clone().text()).toBe(status);
  return ((await response.json()) as { error: { code: string } }).error.code;
}

const setProven = (userId: string, proven: boolean) =>
  getDb().update(user).set({ emailVerified: proven }).where(eq(user.id, userId));

describe("an account whose address is not proven", () => {
  it("creates no shared workspace until it is", async () => {
    const app = await appUnder("optional");
    const email = uniqueEmail("unproven");
    const registered = await app.register(email, "a passphrase of their own");
    expect(registered.status).toBe(201);
    const api = workspaceApi({ cookie: tokenCookie(registered) });

    expect(await errorCode(await api.create({ name: "Trap" }), 403)).toBe("address_not_proven");
    const { items } = await expectJson<{ items: { personal: boolean }[] }>(await api.list(), 200);
    expect(items.map((item) => item.personal)).toEqual([true]);

    const [account] = await getDb().select({ id: user.id }).from(user).where(eq(user.email, email));
    await setProven(account?.id ?? "", true);
    await expectJson(await api.create({ name: "Crew" }), 201);
  });

  it("invites nobody and resends no invitation, and mails nothing", async () => {
    const inviter = await createSignedInUser();
    const api = workspaceApi(inviter.headers);
    const { id } = await expectJson<{ id: string }>(await api.create({ name: "Crew" }), 201);
    const pending = await addInvitation(id, uniqueEmail("pending"));
    // Its address unproven again, as after a change of address not yet confirmed.
    await setProven(inviter.user.id, false);

    const invited = uniqueEmail("invited");
    expect(await errorCode(await api.invite(id, { email: invited, role: "member" }), 403)).toBe(
      "address_not_proven",
    );
    expect(await errorCode(await api.resend(id, pending.id), 403)).toBe("address_not_proven");
    await settleAfterResponseWork();
    expect(await mailsTo(invited, /invited you to/)).toEqual([]);

    await setProven(inviter.user.id, true);
    await expectJson(await api.invite(id, { email: invited, role: "member" }), 201);
  });
});

describe("the owner's first proof of the mailbox", () => {
  it("deletes the shared workspaces a squatter set up, and leaves the others", async () => {
    const app = await appUnder("optional");
    const email = uniqueEmail("owner");
    const registered = await app.register(email, "the squatter's passphrase");
    expect(registered.status).toBe(201);
    const [squatter] = await getDb()
      .select({ id: user.id })
      .from(user)
      .where(eq(user.email, email));
    const squatterId = squatter?.id ?? "";

    // What a squatter could set up before sharing needed a proven address: a workspace of the
    // account's with an accomplice as admin, and a seat in the accomplice's own workspace with a
    // pending invitation it sent from there.
    const accomplice = await createSignedInUser();
    const accompliceApi = workspaceApi(accomplice.headers);
    const [trap] = await getDb().insert(workspace).values({ name: "Trap" }).returning();
    const trapId = trap?.id ?? "";
    await addMembers(trapId, [
      [squatterId, "owner"],
      [accomplice.user.id, "admin"],
    ]);
    await expectJson(await accompliceApi.createTask(trapId, { title: "Left behind" }), 201);
    const { id: theirsId } = await expectJson<{ id: string }>(
      await accompliceApi.create({ name: "Theirs" }),
      201,
    );
    await addMembers(theirsId, [[squatterId, "admin"]]);
    await getDb()
      .update(workspaceInvitation)
      .set({ invitedBy: squatterId })
      .where(eq(workspaceInvitation.id, (await addInvitation(theirsId, uniqueEmail("x"))).id));

    expect((await app.resetWithMailbox(email, "the owner's own passphrase")).status).toBe(200);

    expect(await errorCode(await accompliceApi.tasks(trapId), 404)).toBe("not_found");
    expect(await getDb().select().from(workspace).where(eq(workspace.id, trapId))).toEqual([]);
    const memberships = await getDb()
      .select({ workspaceId: workspaceMember.workspaceId })
      .from(workspaceMember)
      .innerJoin(workspace, eq(workspace.id, workspaceMember.workspaceId))
      .where(eq(workspaceMember.userId, squatterId));
    expect(memberships).toHaveLength(1);
    const [personal] = await getDb()
      .select({ id: workspace.id })
      .from(workspace)
      .where(eq(workspace.personalOwnerId, squatterId));
    expect(memberships[0]?.workspaceId).toBe(personal?.id);
    await expectJson(await accompliceApi.get(theirsId), 200);
    expect(
      await getDb()
        .select()
        .from(workspaceInvitation)
        .where(eq(workspaceInvitation.invitedBy, squatterId)),
    ).toEqual([]);
    const events = await getDb()
      .select({ type: securityEvent.type })
      .from(securityEvent)
      .where(
        and(
          eq(securityEvent.userId, squatterId),
          eq(securityEvent.type, "unproven_workspaces_left"),
        ),
      );
    expect(events).toHaveLength(1);
  });
});
