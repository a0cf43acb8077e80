import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as adminStatsRoute } from "@/app/api/admin/stats/route";
import { PATCH as patchUserRoute } from "@/app/api/admin/users/[id]/route";
import { GET as listUsersRoute } from "@/app/api/admin/users/route";
import { getDb } from "@/lib/db/client";
import { session, tasks, user } from "@/lib/db/schema";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { insertTasks, insertUser } from "../support/data";
import { jsonRequest } from "../support/http";
import { isolateDatabase } from "../support/private-database";

// Admin answers are site-wide (every user, every task, who the admins are), so this file works
// on a database no other test file writes to.
isolateDatabase();

type Headers = Record<string, string>;
type AdminUserJson = {
  id: string;
  email: string;
  name: string;
  role: string;
  createdAt: string;
  taskCount: number;
};

const listUsers = (headers: Headers, query = "") =>
  listUsersRoute(jsonRequest(`/api/admin/users${query}`, { method: "GET", headers }));
const adminStats = (headers: Headers) =>
  adminStatsRoute(jsonRequest("/api/admin/stats", { method: "GET", headers }));
const setRole = (headers: Headers, id: string, body: unknown) =>
  patchUserRoute(jsonRequest(`/api/admin/users/${id}`, { method: "PATCH", body, headers }), {
    params: Promise.resolve({ id }),
  });

async function adminIds() {
  const rows = await getDb().select({ id: user.id }).from(user).where(eq(user.role, "admin"));
  return rows.map((row) => row.id);
}

async function errorCode(response: Response, status: number) {
  expect(response.status).toBe(status);
  return (await response.json()).error.code;
}

// Every test starts with no admins and makes the ones it needs.
beforeEach(async () => {
  await getDb().update(user).set({ role: "user" }).where(eq(user.role, "admin"));
});

describe("who may use the admin API", () => {
  it("answers 401 without a token and 403 forbidden to a signed-in non-admin, on every endpoint", async () => {
    const member = await createSignedInUser();
    const target = await insertUser();
    const calls = [
      (headers: Headers) => listUsers(headers),
      (headers: Headers) => adminStats(headers),
      (headers: Headers) => setRole(headers, target.id, { role: "admin" }),
      (headers: Headers) => setRole(headers, member.user.id, { role: "admin" }),
    ];
    for (const call of calls) {
      expect(await errorCode(await call({}), 401)).toBe("unauthenticated");
      expect(await errorCode(await call(member.headers), 403)).toBe("forbidden");
    }
    expect(await adminIds()).toEqual([]);
  });
});

describe("GET /api/admin/users", () => {
  it("pages through every user newest first, with their task counts and nothing secret", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const busy = await insertUser({ name: "Busy" });
    await insertTasks(busy.id, [{ title: "one" }, { title: "two" }, { title: "three" }]);

    const all = await getDb().select().from(user);
    const seen: AdminUserJson[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await listUsers(admin.headers, query);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toMatch(/password|\$2[ab]\$|token/i);
      const page = JSON.parse(text) as { items: AdminUserJson[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);

    expect(seen.map((row) => row.id).sort()).toEqual(all.map((row) => row.id).sort());
    const createdAt = seen.map((row) => Date.parse(row.createdAt));
    expect(createdAt).toEqual([...createdAt].sort((a, b) => b - a));
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual([
      "createdAt",
      "email",
      "emailVerified",
      "id",
      "name",
      "role",
      "taskCount",
      "twoFactorEnabled",
    ]);
    expect(seen.find((row) => row.id === busy.id)).toMatchObject({ name: "Busy", taskCount: 3 });
    expect(seen.find((row) => row.id === admin.user.id)).toMatchObject({
      role: "admin",
      taskCount: 0,
      emailVerified: true,
    });
  });

  it("refuses bad limits, cursors and unknown parameters with 400", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    for (const query of ["?limit=0", "?limit=500", "?cursor=bogus", "?role=admin"]) {
      expect(await errorCode(await listUsers(admin.headers, query), 400), query).toBe(
        "validation_error",
      );
    }
  });
});

describe("PATCH /api/admin/users/:id", () => {
  it("promotes a user, whose existing token reaches the admin API at once, and demotes them back", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const member = await createSignedInUser();
    expect((await adminStats(member.headers)).status).toBe(403);

    const promoted = await setRole(admin.headers, member.user.id, { role: "admin" });
    expect(promoted.status).toBe(200);
    const body = await promoted.json();
    expect(body).toEqual({
      id: member.user.id,
      email: member.email,
      name: member.user.name,
      role: "admin",
      emailVerified: true,
      twoFactorEnabled: false,
      createdAt: expect.any(String),
    });
    expect((await adminStats(member.headers)).status).toBe(200);

    expect((await setRole(admin.headers, member.user.id, { role: "user" })).status).toBe(200);
    expect((await adminStats(member.headers)).status).toBe(403);
  });

  it("lets an admin step down while another admin remains", async () => {
    const first = await createSignedInUser({ role: "admin" });
    const second = await createSignedInUser({ role: "admin" });
    expect((await setRole(first.headers, first.user.id, { role: "user" })).status).toBe(200);
    expect(await adminIds()).toEqual([second.user.id]);
  });

  it("refuses with 409 to demote the last admin, who stays admin", async () => {
    const only = await createSignedInUser({ role: "admin" });
    const response = await setRole(only.headers, only.user.id, { role: "user" });
    expect(await errorCode(response, 409)).toBe("last_admin");
    expect(await adminIds()).toEqual([only.user.id]);
  });

  // A lost race needs unlucky timing, so each race is run for several rounds.
  const ROUNDS = 10;

  async function twoAdmins() {
    const pair = [await createSignedInUser(), await createSignedInUser()] as const;
    const makeBothAdmins = () =>
      getDb()
        .update(user)
        .set({ role: "admin" })
        .where(inArray(user.id, [pair[0].user.id, pair[1].user.id]));
    return { pair, makeBothAdmins };
  }

  it("keeps one admin when the last two demote each other at the same time", async () => {
    const { pair, makeBothAdmins } = await twoAdmins();
    const [first, second] = pair;
    for (let round = 0; round < ROUNDS; round += 1) {
      await makeBothAdmins();
      const responses = await Promise.all([
        setRole(first.headers, second.user.id, { role: "user" }),
        setRole(second.headers, first.user.id, { role: "user" }),
      ]);
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      // The loser is refused as the last admin (409) or, when it arrives after the winner
      // committed, as no longer an admin at all (403).
      expect(statuses.every((status) => [200, 403, 409].includes(status))).toBe(true);
      expect(await adminIds()).toHaveLength(1);
    }
  });

  it("keeps one admin when the last two step down at the same time", async () => {
    const { pair, makeBothAdmins } = await twoAdmins();
    for (let round = 0; round < ROUNDS; round += 1) {
      await makeBothAdmins();
      const responses = await Promise.all(
        pair.map(({ headers, user: { id } }) => setRole(headers, id, { role: "user" })),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      expect(await adminIds()).toHaveLength(1);
    }
  });

  it("answers 404 for an unknown user and 400 for a bad role or extra fields, changing nothing", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const member = await insertUser();
    expect(
      await errorCode(await setRole(admin.headers, "no-such-user", { role: "admin" }), 404),
    ).toBe("not_found");
    for (const body of [
      { role: "owner" },
      { role: "admin", email: "taken@example.test" },
      { role: "admin", password: TEST_PASSWORD },
      {},
      "admin",
    ]) {
      expect(await errorCode(await setRole(admin.headers, member.id, body), 400)).toBe(
        "validation_error",
      );
    }
    expect(await adminIds()).toEqual([admin.user.id]);
  });
});

describe("GET /api/admin/stats", () => {
  it("counts every user, every task, and the sessions created in the last 24 hours", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const db = getDb();
    const member = await insertUser();
    await insertTasks(member.id, [{ title: "a" }, { title: "b" }]);
    // A sign-in from two days ago is not among the last 24 hours'.
    await db.insert(session).values({
      id: crypto.randomUUID(),
      token: crypto.randomUUID(),
      userId: member.id,
      expiresAt: new Date(Date.now() + 86_400_000),
      createdAt: new Date(Date.now() - 2 * 86_400_000),
    });

    const [users, allTasks, allSessions] = await Promise.all([
      db.$count(user),
      db.$count(tasks),
      db.$count(session),
    ]);
    const response = await adminStats(admin.headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      users,
      tasks: allTasks,
      signInsLast24h: allSessions - 1,
    });
    expect(allTasks).toBeGreaterThanOrEqual(2);
  });
});
