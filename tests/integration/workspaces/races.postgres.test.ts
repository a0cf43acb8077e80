import { eq, sql, TransactionRollbackError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { user, workspace, workspaceMember } from "@/lib/db/schema";
import { createSignedInUser } from "../../support/auth";
import { lockWaiters, waitForLockWait } from "../../support/lock-wait";
import { addInvitation, addMembers, expectJson, workspaceApi } from "../../support/workspaces";

/**
 * Requests that change one workspace at the same moment, each on a backend of its own. The test
 * orders them for certain: it holds a row lock of its own, starts the requests one after another,
 * each once the one before waits, then lets them go in that order. Only separate backends wait
 * for each other's locks (the embedded database runs one queue), so this runs on PostgreSQL only
 * (a `.postgres.test.ts` file: vitest.config.ts).
 */

type User = Awaited<ReturnType<typeof createSignedInUser>>;
type Transaction = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

const inTransaction = (tx: Transaction) => async (text: string) =>
  (await tx.execute(sql.raw(text))) as { rows: unknown[] };

/**
 * Runs `requests` in order behind a lock the test takes with `lock`: each starts once every one
 * before it waits for a lock, and all go on when the test's transaction rolls back.
 */
async function inOrderBehind<Requests extends (() => Promise<Response>)[]>(
  lock: (tx: Transaction) => Promise<unknown>,
  requests: [...Requests],
): Promise<{ [Index in keyof Requests]: Response }> {
  const started: Promise<Response>[] = [];
  await getDb()
    .transaction(async (tx) => {
      await lock(tx);
      for (const request of requests) {
        started.push(request());
        await waitForLockWait(inTransaction(tx), `request ${started.length}`, started.length);
      }
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof TransactionRollbackError)) throw error;
    });
  return (await Promise.all(started)) as { [Index in keyof Requests]: Response };
}

/** Until `request` waits for a lock (true) or has been answered without waiting (false). */
async function waitsForLock(tx: Transaction, request: Promise<Response>): Promise<boolean> {
  let answered = false;
  const answer = () => {
    answered = true;
  };
  request.then(answer, answer);
  while (!answered) {
    if ((await lockWaiters(inTransaction(tx))) > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

const lockWorkspace = (id: string) => (tx: Transaction) =>
  tx.execute(sql`select 1 from ${workspace} where ${workspace.id} = ${id} for update`);

async function teamOf(owner: User, members: [User, "owner" | "admin" | "member"][]) {
  const { id } = await expectJson<{ id: string }>(
    await workspaceApi(owner.headers).create({ name: "Race" }),
    201,
  );
  if (members.length > 0) {
    await addMembers(
      id,
      members.map(([member, role]) => [member.user.id, role]),
    );
  }
  return id;
}

async function rolesIn(id: string) {
  const rows = await getDb()
    .select({ userId: workspaceMember.userId, role: workspaceMember.role })
    .from(workspaceMember)
    .where(eq(workspaceMember.workspaceId, id));
  return Object.fromEntries(rows.map((row) => [row.userId, row.role]));
}

async function errorCode(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("membership changes at the same moment never leave a workspace without an owner", () => {
  it("an admin leaving while made the only owner is refused as the last owner", async () => {
    const [owner, admin] = await Promise.all([createSignedInUser(), createSignedInUser()]);
    const id = await teamOf(owner, [[admin, "admin"]]);
    const [transfer, leave] = await inOrderBehind(lockWorkspace(id), [
      () => workspaceApi(owner.headers).transfer(id, { userId: admin.user.id }),
      () => workspaceApi(admin.headers).leave(id),
    ]);
    expect(transfer.status).toBe(204);
    expect(leave.status).toBe(409);
    expect(await errorCode(leave)).toBe("last_owner");
    expect(await rolesIn(id)).toEqual({ [admin.user.id]: "owner", [owner.user.id]: "admin" });
  });

  it("of two owners demoting each other, the second is refused", async () => {
    const [first, second] = await Promise.all([createSignedInUser(), createSignedInUser()]);
    const id = await teamOf(first, [[second, "owner"]]);
    const [demoted, refused] = await inOrderBehind(lockWorkspace(id), [
      () => workspaceApi(first.headers).changeRole(id, second.user.id, { role: "admin" }),
      () => workspaceApi(second.headers).changeRole(id, first.user.id, { role: "admin" }),
    ]);
    expect(demoted.status).toBe(204);
    // By then an admin, who may not take ownership away.
    expect(refused.status).toBe(403);
    expect(await rolesIn(id)).toEqual({ [first.user.id]: "owner", [second.user.id]: "admin" });
  });

  it("an account deleted while its co-owner leaves hands the workspace on", async () => {
    const [deleted, coOwner, member] = await Promise.all([
      createSignedInUser(),
      createSignedInUser(),
      createSignedInUser(),
    ]);
    const id = await teamOf(deleted, [
      [coOwner, "owner"],
      [member, "member"],
    ]);
    // The test's transaction is the account's deletion: its trigger has run, and it has not yet
    // committed when the co-owner asks to leave.
    const leave = await getDb().transaction(async (tx) => {
      await tx.delete(user).where(eq(user.id, deleted.user.id));
      const leaving = workspaceApi(coOwner.headers).leave(id);
      await waitsForLock(tx, leaving);
      return { leaving };
    });
    const answer = await leave.leaving;
    expect(answer.status).toBe(409);
    expect(await errorCode(answer)).toBe("last_owner");
    expect(await rolesIn(id)).toEqual({ [coOwner.user.id]: "owner", [member.user.id]: "member" });
  });
});

describe("deleting a workspace while its members write to it", () => {
  it("answers their writes 404, never a 500", async () => {
    const [owner, admin] = await Promise.all([createSignedInUser(), createSignedInUser()]);
    const id = await teamOf(owner, [[admin, "admin"]]);
    const adminApi = workspaceApi(admin.headers);
    // The deletion holds the workspace's row while its cascade waits for the members' rows the
    // test holds; the writes, already checked, wait for the workspace's row.
    const [deletion, task, invitation] = await inOrderBehind(
      (tx) =>
        tx.execute(
          sql`select 1 from ${workspaceMember} where ${workspaceMember.workspaceId} = ${id} for update`,
        ),
      [
        () => workspaceApi(owner.headers).delete(id, { confirmName: "Race" }),
        () => adminApi.createTask(id, { title: "too late" }),
        () => adminApi.invite(id, { email: "too-late@example.test" }),
      ],
    );
    expect(deletion.status).toBe(204);
    for (const write of [task, invitation]) {
      expect(write.status).toBe(404);
      expect(await errorCode(write)).toBe("not_found");
    }
  });

  it("an invitation accepted meanwhile joins first or finds nothing, and neither waits for the other forever", async () => {
    const [owner, invitee] = await Promise.all([createSignedInUser(), createSignedInUser()]);
    const id = await teamOf(owner, []);
    const { token } = await addInvitation(id, invitee.email);
    // The test holds an uncommitted membership of the invitee, so the acceptance stops at its
    // own insert, with every lock it takes before that, until the test rolls back. Foreign keys
    // are not checked for the test's row (`session_replication_role`), so the test holds nothing
    // of the workspace's.
    const [accepted, deletion] = await inOrderBehind(
      async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.insert(workspaceMember).values({
          workspaceId: id,
          userId: invitee.user.id,
          role: "viewer",
        });
      },
      [
        () => workspaceApi(invitee.headers).accept(token),
        () => workspaceApi(owner.headers).delete(id, { confirmName: "Race" }),
      ],
    );
    expect([accepted.status, deletion.status]).toEqual([200, 204]);
    expect(await getDb().select().from(workspace).where(eq(workspace.id, id))).toEqual([]);
  });
});
