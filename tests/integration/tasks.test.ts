import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as statsRoute } from "@/app/api/stats/route";
import * as taskRoute from "@/app/api/tasks/[id]/route";
import * as tasksRoute from "@/app/api/tasks/route";
import { getDb } from "@/lib/db/client";
import { session, tasks } from "@/lib/db/schema";
import { MAX_BODY_BYTES } from "@/lib/http/read-body";
import { jsonRequest, TEST_ORIGIN } from "../support/http";
import { signedInTaskUser, type TaskApi, type TaskJson } from "../support/tasks";

const MISSING_ID = "00000000-0000-4000-8000-000000000000";

async function storedTasks(userId: string) {
  return getDb().select().from(tasks).where(eq(tasks.userId, userId));
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  return body.error as { code: string; message: string; fields?: Record<string, string[]> };
}

describe("every task endpoint requires a signed-in user", () => {
  const id = MISSING_ID;
  const params = { params: Promise.resolve({ id }) };
  const anonymous = (path: string, method: string, body?: unknown) =>
    jsonRequest(path, { method, body });
  const calls = {
    "GET /api/tasks": () => tasksRoute.GET(anonymous("/api/tasks", "GET")),
    "POST /api/tasks": () => tasksRoute.POST(anonymous("/api/tasks", "POST", { title: "x" })),
    "GET /api/tasks/:id": () => taskRoute.GET(anonymous(`/api/tasks/${id}`, "GET"), params),
    "PATCH /api/tasks/:id": () =>
      taskRoute.PATCH(anonymous(`/api/tasks/${id}`, "PATCH", { title: "x" }), params),
    "DELETE /api/tasks/:id": () =>
      taskRoute.DELETE(anonymous(`/api/tasks/${id}`, "DELETE"), params),
  };
  for (const [name, call] of Object.entries(calls)) {
    it(`${name} answers 401 with WWW-Authenticate: Bearer`, async () => {
      const response = await call();
      await expectError(response, 401, "unauthenticated");
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="taskflow"');
    });
  }
});

describe("an access token whose session has ended", () => {
  // The task API checks the session inside its own statement (active_session_user): a logout
  // or revocation must still stop every endpoint at once, with nothing read or written.
  it("is refused by every task and stats endpoint with 401, and nothing changes", async () => {
    const { user, headers, api } = await signedInTaskUser();
    const kept = await api.createTask({ title: "Kept as it is" });
    await getDb().delete(session).where(eq(session.userId, user.id));

    const responses = {
      list: await api.list(),
      "list, empty page": await api.list("?q=nothing-matches"),
      get: await api.get(kept.id),
      create: await api.create({ title: "Must not be stored" }),
      patch: await api.patch(kept.id, { title: "Must not change" }),
      "patch, If-Match": await api.patch(kept.id, { title: "x" }, { "if-match": '"1"' }),
      delete: await api.delete(kept.id),
      "missing id": await api.get(MISSING_ID),
      "malformed id": await api.delete("not-a-uuid"),
      stats: await statsRoute(jsonRequest("/api/stats", { method: "GET", headers })),
    };
    for (const [name, response] of Object.entries(responses)) {
      expect(response.status, name).toBe(401);
      // A presented token that fails: the client can tell it from "no token" (RFC 6750).
      expect(response.headers.get("www-authenticate"), name).toContain('error="invalid_token"');
      expect((await response.json()).error.code, name).toBe("unauthenticated");
    }
    const stored = await storedTasks(user.id);
    expect(stored).toEqual([expect.objectContaining({ id: kept.id, title: "Kept as it is" })]);
    expect(stored[0]?.version).toBe(kept.version);
  });

  it("is still refused when the session has expired but not been deleted", async () => {
    const { user, headers, api } = await signedInTaskUser();
    await getDb()
      .update(session)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(session.userId, user.id));
    expect((await api.list()).status).toBe(401);
    expect((await api.create({ title: "Must not be stored" })).status).toBe(401);
    // No tasks at all: the totals would be zeros whether or not the session were active.
    expect((await statsRoute(jsonRequest("/api/stats", { method: "GET", headers }))).status).toBe(
      401,
    );
    expect(await storedTasks(user.id)).toEqual([]);
  });
});

describe("POST /api/tasks", () => {
  it("creates a task with defaults, answers 201 with Location and ETag, and GET returns it", async () => {
    const { api } = await signedInTaskUser();
    const response = await api.create({ title: "  Write the report  " });
    expect(response.status).toBe(201);
    const task: TaskJson = await response.json();
    expect(Object.keys(task).sort()).toEqual(
      [
        "completedAt",
        "createdAt",
        "description",
        "dueDate",
        "id",
        "priority",
        "status",
        "title",
        "updatedAt",
        "version",
      ].sort(),
    );
    expect(task).toMatchObject({
      title: "Write the report",
      description: "",
      status: "pending",
      priority: "medium",
      dueDate: null,
      completedAt: null,
      version: 1,
    });
    expect(response.headers.get("location")).toBe(`/api/tasks/${task.id}`);
    expect(response.headers.get("etag")).toBe('"1"');
    expect(response.headers.get("cache-control")).toBe("no-store");

    const fetched = await api.get(task.id);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(task);
  });

  it("stores every field it is given, and stamps completedAt for a task created completed", async () => {
    const { api } = await signedInTaskUser();
    const task = await api.createTask({
      title: "Done already",
      description: "with notes",
      status: "completed",
      priority: "high",
      dueDate: "2024-02-29",
    });
    expect(task).toMatchObject({
      description: "with notes",
      status: "completed",
      priority: "high",
      dueDate: "2024-02-29",
    });
    expect(Date.parse(task.completedAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
  });

  it("stores a title like '); DROP TABLE tasks;-- as plain text", async () => {
    const { api, user } = await signedInTaskUser();
    const title = "'); DROP TABLE tasks;--";
    const task = await api.createTask({ title, description: `" OR 1=1; --` });
    expect(task.title).toBe(title);
    expect((await storedTasks(user.id)).map((row) => row.title)).toEqual([title]);
    expect((await api.page(`?q=${encodeURIComponent("DROP TABLE")}`)).items).toHaveLength(1);
  });

  it("accepts a 200-character title and 5000-character description, and nothing longer", async () => {
    const { api, user } = await signedInTaskUser();
    expect(
      (await api.create({ title: "t".repeat(200), description: "d".repeat(5000) })).status,
    ).toBe(201);
    const tooLong = await expectError(
      await api.create({ title: "t".repeat(201), description: "d".repeat(5001) }),
      400,
      "validation_error",
    );
    expect(Object.keys(tooLong.fields ?? {}).sort()).toEqual(["description", "title"]);
    expect(await storedTasks(user.id)).toHaveLength(1);
  });

  it("refuses a blank title, wrong types and unknown values with field errors, creating nothing", async () => {
    const { api, user } = await signedInTaskUser();
    const cases: [unknown, string][] = [
      [{}, "title"],
      [{ title: "   " }, "title"],
      [{ title: 42 }, "title"],
      [{ title: "x", description: null }, "description"],
      [{ title: "x", status: "done" }, "status"],
      [{ title: "x", priority: "urgent" }, "priority"],
      [{ title: "x", dueDate: "2023-02-29" }, "dueDate"],
      [{ title: "x", dueDate: "2024-01-01T10:00:00Z" }, "dueDate"],
      [{ title: "x", dueDate: 20240101 }, "dueDate"],
      [["title"], ""],
    ];
    for (const [body, field] of cases) {
      const error = await expectError(await api.create(body), 400, "validation_error");
      expect(Object.keys(error.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    expect(await storedTasks(user.id)).toHaveLength(0);
  });

  it("refuses fields the client may not write (userId, id, version, createdAt), creating nothing", async () => {
    const { api, user } = await signedInTaskUser();
    const other = await signedInTaskUser();
    for (const extra of [
      { userId: other.user.id },
      { id: MISSING_ID },
      { version: 7 },
      { createdAt: "2020-01-01T00:00:00Z" },
      { completedAt: "2020-01-01T00:00:00Z" },
    ]) {
      const error = await expectError(
        await api.create({ title: "x", ...extra }),
        400,
        "validation_error",
      );
      expect(error.fields?.[""]?.join(" ")).toContain(Object.keys(extra)[0]);
    }
    expect(await storedTasks(user.id)).toHaveLength(0);
    expect(await storedTasks(other.user.id)).toHaveLength(0);
  });

  it("answers 400 for malformed JSON, 415 for another content type and 413 past 64 KB, creating nothing", async () => {
    const { user, headers } = await signedInTaskUser();
    const post = (body: string, contentType = "application/json") =>
      tasksRoute.POST(
        new Request(`${TEST_ORIGIN}/api/tasks`, {
          method: "POST",
          body,
          headers: { ...headers, "content-type": contentType },
        }),
      );
    await expectError(await post('{"title": "x",'), 400, "invalid_json");
    await expectError(await post("title=x", "text/plain"), 415, "unsupported_media_type");
    const huge = JSON.stringify({ title: "x", description: "d".repeat(MAX_BODY_BYTES) });
    await expectError(await post(huge), 413, "payload_too_large");
    expect(await storedTasks(user.id)).toHaveLength(0);
  });
});

describe("another user's task is answered exactly like a missing one", () => {
  it("GET, PATCH and DELETE answer 404 for it, with the same body as for a missing id, and change nothing", async () => {
    const owner = await signedInTaskUser();
    const intruder = await signedInTaskUser();
    const task = await owner.api.createTask({ title: "Private" });

    const forOthers = [
      await intruder.api.get(task.id),
      await intruder.api.patch(task.id, { title: "Mine now" }),
      await intruder.api.patch(task.id, { title: "Mine now" }, { "if-match": '"1"' }),
      await intruder.api.delete(task.id),
    ];
    const forMissing = [
      await intruder.api.get(MISSING_ID),
      await intruder.api.patch(MISSING_ID, { title: "Mine now" }),
      await intruder.api.patch(MISSING_ID, { title: "Mine now" }, { "if-match": '"1"' }),
      await intruder.api.delete(MISSING_ID),
    ];
    for (const [index, response] of forOthers.entries()) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(await forMissing[index]?.json());
    }
    expect(await (await owner.api.get(task.id)).json()).toEqual(task);
    expect((await intruder.api.page()).items).toEqual([]);
  });

  it("answers 404 for an id that is not a uuid, on every method", async () => {
    const { api } = await signedInTaskUser();
    for (const id of ["not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g", "' or 1=1 --"]) {
      await expectError(await api.get(id), 404, "not_found");
      await expectError(await api.patch(id, { title: "x" }), 404, "not_found");
      await expectError(await api.delete(id), 404, "not_found");
    }
  });
});

describe("PATCH /api/tasks/:id", () => {
  async function newTask(api: TaskApi) {
    return api.createTask({ title: "Original", description: "notes", priority: "high" });
  }

  it("changes only the fields sent, increments version and moves updatedAt", async () => {
    const { api } = await signedInTaskUser();
    const task = await newTask(api);
    const response = await api.patch(task.id, { title: " Renamed ", dueDate: "2030-01-31" });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('"2"');
    const updated: TaskJson = await response.json();
    expect(updated).toEqual({
      ...task,
      title: "Renamed",
      dueDate: "2030-01-31",
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(task.updatedAt));

    const cleared: TaskJson = await (await api.patch(task.id, { dueDate: null })).json();
    expect(cleared).toMatchObject({ dueDate: null, priority: "high", version: 3 });
  });

  it("stamps completedAt when completed, keeps the first stamp, and clears it when reopened", async () => {
    const { api } = await signedInTaskUser();
    const task = await newTask(api);
    const completed: TaskJson = await (await api.patch(task.id, { status: "completed" })).json();
    expect(completed.status).toBe("completed");
    expect(completed.completedAt).not.toBeNull();

    const again: TaskJson = await (
      await api.patch(task.id, { status: "completed", title: "Still done" })
    ).json();
    expect(again.completedAt).toBe(completed.completedAt);

    const reopened: TaskJson = await (await api.patch(task.id, { status: "pending" })).json();
    expect(reopened).toMatchObject({ status: "pending", completedAt: null, version: 4 });
  });

  it("refuses an empty body, unknown or protected fields and bad values, changing nothing", async () => {
    const { api, user } = await signedInTaskUser();
    const task = await newTask(api);
    const other = await signedInTaskUser();
    for (const body of [
      {},
      { title: "Moved", userId: other.user.id },
      { title: "Bumped", version: 99 },
      { title: "Renumbered", id: MISSING_ID },
      { title: "Backdated", createdAt: "2020-01-01T00:00:00Z" },
      { title: "Undone", completedAt: null },
      { title: "" },
      { status: "archived" },
      { priority: 3 },
      { dueDate: "31/01/2030" },
      null,
    ]) {
      await expectError(await api.patch(task.id, body), 400, "validation_error");
    }
    const [stored] = await storedTasks(user.id);
    expect(stored).toMatchObject({ title: "Original", version: 1, userId: user.id });
  });

  it("answers 400 for malformed JSON, 415 for another content type and 413 past 64 KB, changing nothing", async () => {
    const { api, user, headers } = await signedInTaskUser();
    const task = await newTask(api);
    const patch = (body: string, contentType = "application/json") =>
      taskRoute.PATCH(
        new Request(`${TEST_ORIGIN}/api/tasks/${task.id}`, {
          method: "PATCH",
          body,
          headers: { ...headers, "content-type": contentType },
        }),
        { params: Promise.resolve({ id: task.id }) },
      );
    await expectError(await patch('{"title": '), 400, "invalid_json");
    await expectError(await patch('{"title":"x"}', "text/plain"), 415, "unsupported_media_type");
    const huge = JSON.stringify({ description: "d".repeat(MAX_BODY_BYTES) });
    await expectError(await patch(huge), 413, "payload_too_large");
    const [stored] = await storedTasks(user.id);
    expect(stored).toMatchObject({ title: "Original", description: "notes", version: 1 });
  });
});

describe("If-Match on PATCH", () => {
  it("applies the change when If-Match names the current version, quoted (ETag) or bare", async () => {
    const { api } = await signedInTaskUser();
    const task = await api.createTask();
    const first = await api.patch(task.id, { title: "v2" }, { "if-match": '"1"' });
    expect(first.status).toBe(200);
    const second = await api.patch(task.id, { title: "v3" }, { "if-match": "2" });
    expect(second.status).toBe(200);
    expect((await second.json()).version).toBe(3);
  });

  it("answers 412 with the current ETag for a stale version, and changes nothing", async () => {
    const { api, user } = await signedInTaskUser();
    const task = await api.createTask({ title: "Before" });
    await api.patch(task.id, { priority: "low" });
    const stale = await api.patch(task.id, { title: "Lost update" }, { "if-match": '"1"' });
    await expectError(stale, 412, "version_mismatch");
    expect(stale.headers.get("etag")).toBe('"2"');
    const [stored] = await storedTasks(user.id);
    expect(stored).toMatchObject({ title: "Before", priority: "low", version: 2 });
  });

  it("answers 400 for an If-Match that is not a version", async () => {
    const { api } = await signedInTaskUser();
    const task = await api.createTask();
    for (const value of ["abc", "*", 'W/"1"', "1.5", "-1", '"1", "2"']) {
      await expectError(
        await api.patch(task.id, { title: "x" }, { "if-match": value }),
        400,
        "validation_error",
      );
    }
    expect((await (await api.get(task.id)).json()).version).toBe(1);
  });

  it("lets exactly one of two concurrent PATCHes with the same version win", async () => {
    const { api, user } = await signedInTaskUser();
    const task = await api.createTask({ title: "Contended" });
    const responses = await Promise.all(
      ["Writer A", "Writer B"].map((title) =>
        api.patch(task.id, { title }, { "if-match": `"${task.version}"` }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 412]);
    const winner: TaskJson = await (responses.find((r) => r.status === 200) as Response).json();
    const [stored] = await storedTasks(user.id);
    expect(stored).toMatchObject({ title: winner.title, version: 2 });
  });

  it("never loses an increment when concurrent PATCHes send no If-Match", async () => {
    const { api, user } = await signedInTaskUser();
    const task = await api.createTask();
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, index) => api.patch(task.id, { title: `Writer ${index}` })),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const versions = await Promise.all(responses.map(async (r) => (await r.json()).version));
    expect(versions.sort()).toEqual([2, 3, 4, 5, 6]);
    expect((await storedTasks(user.id))[0]?.version).toBe(6);
  });
});

describe("DELETE /api/tasks/:id", () => {
  it("answers 204 with no body, after which the task is gone", async () => {
    const { api, user } = await signedInTaskUser();
    const task = await api.createTask();
    const keep = await api.createTask({ title: "Keep" });
    const response = await api.delete(task.id);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    await expectError(await api.get(task.id), 404, "not_found");
    await expectError(await api.delete(task.id), 404, "not_found");
    expect((await storedTasks(user.id)).map((row) => row.id)).toEqual([keep.id]);
  });
});
