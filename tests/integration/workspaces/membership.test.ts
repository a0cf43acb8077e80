import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { session, tasks, user, workspace } from "@/lib/db/schema";
import { createSignedInUser } from "../../support/auth";
import { signedInTaskUser } from "../../support/tasks";
import {
  addMembers,
  expectJson,
  workspaceApi,
  workspaceWithMember,
} from "../../support/workspaces";

type User = Awaited<ReturnType<typeof createSignedInUser>>;
type Workspace = { id: string; name: string; role: string; personal: boolean };

let owner: User;
let admin: User;
let member: User;
let viewer: User;

beforeAll(async () => {
  [owner, admin, member, viewer] = await Promise.all([
    createSignedInUser(),
    createSignedInUser(),
    createSignedInUser(),
    createSignedInUser(),
  ]);
});

async function teamWorkspace(name = "Team") {
  const created = await expectJson<Workspace>(
    await workspaceApi(owner.headers).create({ name }),
    201,
  );
  await addMembers(created.id, [
    [admin.user.id, "admin"],
    [member.user.id, "member"],
    [viewer.user.id, "viewer"],
  ]);
  return created.id;
}

async function errorCode(response: Response, status: number) {
  expect(response.status).toBe(status);
  return (await response.json()).error.code as string;
}

describe("a change of membership takes effect on the very next request", () => {
  it("a removed member's next request is 404, with the same access token", async () => {
    const id = await teamWorkspace();
    const memberApi = workspaceApi(member.headers);
    expect((await memberApi.tasks(id)).status).toBe(200);
    expect((await workspaceApi(admin.headers).removeMember(id, member.user.id)).status).toBe(204);

    expect(await errorCode(await memberApi.tasks(id), 404)).toBe("not_found");
    expect(await errorCode(await memberApi.createTask(id, { title: "x" }), 404)).toBe("not_found");
    expect(await errorCode(await memberApi.stats(id), 404)).toBe("not_found");
  });

  it("a demoted admin's next write is 403, and reading still works", async () => {
    const id = await teamWorkspace();
    const adminApi = workspaceApi(admin.headers);
    expect((await adminApi.createTask(id, { title: "as admin" })).status).toBe(201);
    expect(
      (await workspaceApi(owner.headers).changeRole(id, admin.user.id, { role: "viewer" })).status,
    ).toBe(204);

    expect(await errorCode(await adminApi.createTask(id, { title: "x" }), 403)).toBe("forbidden");
    expect(await errorCode(await adminApi.removeMember(id, member.user.id), 403)).toBe("forbidden");
    expect((await adminApi.tasks(id)).status).toBe(200);
  });

  it("an ended session is 401 on every workspace endpoint, member or not", async () => {
    const id = await teamWorkspace();
    const gone = await createSignedInUser();
    await addMembers(id, [[gone.user.id, "owner"]]);
    await getDb().delete(session).where(eq(session.userId, gone.user.id));
    const api = workspaceApi(gone.headers);
    for (const response of [
      await api.get(id),
      await api.tasks(id),
      await api.createTask(id, { title: "x" }),
      await api.tasks("not-a-uuid"),
      await api.list(),
    ]) {
      expect(await errorCode(response, 401)).toBe("unauthenticated");
    }
  });
});

describe("ownership", () => {
  it("the last owner can neither leave nor be demoted; with two owners, one may leave", async () => {
    const id = await teamWorkspace();
    const api = workspaceApi(owner.headers);
    expect(await errorCode(await api.leave(id), 409)).toBe("last_owner");
    expect(await errorCode(await api.changeRole(id, owner.user.id, { role: "admin" }), 409)).toBe(
      "last_owner",
    );
    expect((await api.changeRole(id, admin.user.id, { role: "owner" })).status).toBe(204);
    expect((await api.leave(id)).status).toBe(204);
    expect((await api.get(id)).status).toBe(404);
  });

  it("an admin may neither give nor take away ownership", async () => {
    const id = await teamWorkspace();
    const adminApi = workspaceApi(admin.headers);
    expect(
      await errorCode(await adminApi.changeRole(id, member.user.id, { role: "owner" }), 403),
    ).toBe("forbidden");
    expect(await errorCode(await adminApi.removeMember(id, owner.user.id), 403)).toBe("forbidden");
    expect((await adminApi.changeRole(id, member.user.id, { role: "viewer" })).status).toBe(204);
  });

  it("a transfer makes the new owner and keeps the old one on as an admin", async () => {
    const id = await teamWorkspace();
    expect(
      (await workspaceApi(owner.headers).transfer(id, { userId: member.user.id })).status,
    ).toBe(204);
    const members = await expectJson<{ items: { userId: string; role: string }[] }>(
      await workspaceApi(member.headers).members(id),
      200,
    );
    const roleOf = (user: User) => members.items.find((m) => m.userId === user.user.id)?.role;
    expect([roleOf(member), roleOf(owner)]).toEqual(["owner", "admin"]);
  });

  it("deleting needs the workspace's name, and takes its tasks", async () => {
    const id = await teamWorkspace("Doomed");
    const api = workspaceApi(owner.headers);
    const task = await expectJson<{ id: string }>(await api.createTask(id, { title: "t" }), 201);
    const wrong = await api.delete(id, { confirmName: "doomed" });
    expect(await errorCode(wrong, 400)).toBe("validation_error");
    expect((await api.delete(id, { confirmName: "Doomed" })).status).toBe(204);
    expect(await getDb().select().from(tasks).where(eq(tasks.id, task.id))).toEqual([]);
    expect((await workspaceApi(member.headers).get(id)).status).toBe(404);
  });
});

describe("the personal workspace", () => {
  it("is listed first; it cannot be left, deleted or shared", async () => {
    const user = await createSignedInUser();
    const api = workspaceApi(user.headers);
    const { items } = await expectJson<{ items: Workspace[] }>(await api.list(), 200);
    expect(items).toEqual([expect.objectContaining({ personal: true, role: "owner" })]);
    const personal = items[0]?.id ?? "";
    expect(await errorCode(await api.leave(personal), 409)).toBe("personal_workspace");
    expect(await errorCode(await api.delete(personal, { confirmName: "Personal" }), 409)).toBe(
      "personal_workspace",
    );
    expect(await errorCode(await api.invite(personal, { email: "a@b.test" }), 409)).toBe(
      "personal_workspace",
    );
  });

  it("holds the tasks of /api/tasks; tasks in a shared workspace stay out of it", async () => {
    const { headers, api } = await signedInTaskUser();
    const personalTask = await api.createTask({ title: "mine" });
    const team = await expectJson<Workspace>(
      await workspaceApi(headers).create({ name: "Shared" }),
      201,
    );
    await workspaceApi(headers).createTask(team.id, { title: "shared" });
    const { items } = await expectJson<{ items: Workspace[] }>(
      await workspaceApi(headers).list(),
      200,
    );
    const personalId = items.find((w) => w.personal)?.id ?? "";
    const viaWorkspace = await expectJson<{ items: { id: string }[] }>(
      await workspaceApi(headers).tasks(personalId),
      200,
    );
    expect(viaWorkspace.items.map((t) => t.id)).toEqual([personalTask.id]);
    expect((await api.page()).items.map((t) => t.id)).toEqual([personalTask.id]);
  });
});

describe("assignees", () => {
  it("must be members, and lose the task's assignment when they leave", async () => {
    const id = await teamWorkspace();
    const api = workspaceApi(owner.headers);
    const outsider = await createSignedInUser();
    const refused = await api.createTask(id, { title: "x", assigneeId: outsider.user.id });
    expect(await errorCode(refused, 400)).toBe("validation_error");
    const task = await expectJson<{ id: string; assigneeId: string }>(
      await api.createTask(id, { title: "x", assigneeId: member.user.id }),
      201,
    );
    expect(task.assigneeId).toBe(member.user.id);
    expect((await workspaceApi(member.headers).leave(id)).status).toBe(204);
    const after = await expectJson<{ assigneeId: string | null }>(await api.task(id, task.id), 200);
    expect(after.assigneeId).toBeNull();
  });
});

describe("bad input", () => {
  it("answers 4xx in the one error shape", async () => {
    const id = await teamWorkspace();
    const api = workspaceApi(owner.headers);
    expect(await errorCode(await api.create({ name: "" }), 400)).toBe("validation_error");
    expect(await errorCode(await api.create({ name: "x", extra: 1 }), 400)).toBe(
      "validation_error",
    );
    expect(await errorCode(await api.changeRole(id, member.user.id, { role: "god" }), 400)).toBe(
      "validation_error",
    );
    expect(await errorCode(await api.get("not-a-uuid"), 404)).toBe("not_found");
    expect(await errorCode(await api.task(id, "not-a-uuid"), 404)).toBe("not_found");
    expect(await errorCode(await api.removeMember(id, "nobody"), 404)).toBe("not_found");
    expect(await errorCode(await api.invite(id, { email: "not an address" }), 400)).toBe(
      "validation_error",
    );
  });
});

describe("deleting an account", () => {
  it("hands each workspace it owned alone to an admin, and drops those left empty", async () => {
    const { id, owner, member: admin } = await workspaceWithMember("admin");
    await addMembers(id, [[viewer.user.id, "viewer"]]);
    const { id: alone } = await expectJson<{ id: string }>(
      await workspaceApi(owner.headers).create({ name: "Alone" }),
      201,
    );
    await getDb().delete(user).where(eq(user.id, owner.user.id));

    const members = await expectJson<{ items: { userId: string; role: string }[] }>(
      await workspaceApi(admin.headers).members(id),
      200,
    );
    // As a set: the two rows may share a created_at (the list's order), and ties go by user id.
    const roles = (rows: string[][]) => rows.sort(([a = ""], [b = ""]) => a.localeCompare(b));
    expect(roles(members.items.map((m) => [m.userId, m.role]))).toEqual(
      roles([
        [admin.user.id, "owner"],
        [viewer.user.id, "viewer"],
      ]),
    );
    expect(await getDb().select().from(workspace).where(eq(workspace.id, alone))).toEqual([]);
  });
});
