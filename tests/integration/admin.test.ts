import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as adminStatsRoute } from "@/app/api/admin/stats/route";
import { PATCH as patchUserRoute } from "@/app/api/admin/users/[id]/route";
import { GET as listUsersRoute } from "@/app/api/admin/users/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { getDb } from "@/lib/db/client";
import { tasks, user } from "@/lib/db/schema";
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
  lastSignInAt: string | null;
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

const verify = (id: string) =>
  getDb().update(user).set({ emailVerified: true }).where(eq(user.id, id));

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
      "banExpires",
      "banReason",
      "createdAt",
      "disabled",
      "email",
      "emailVerified",
      "id",
      "lastSignInAt",
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
      // Its sign-up is its first sign-in: "last sign-in" counts from the first real one.
      lastSignInAt: null,
    });
  });

  it("finds users by part of their email or name, the LIKE wildcards taken literally", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const ada = await insertUser({ name: "Ada Lovelace_100%" });
    await insertUser({ name: "Adam Smith" });
    const search = async (q: string) => {
      const response = await listUsers(admin.headers, `?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      return ((await response.json()).items as AdminUserJson[]).map((row) => row.id);
    };
    expect(await search("lovelace")).toEqual([ada.id]);
    expect(await search("_100%")).toEqual([ada.id]);
    expect(await search(admin.email.toUpperCase())).toEqual([admin.user.id]);
    expect(await search("%")).toEqual([ada.id]);
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
    await verify(member.user.id);

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
      disabled: false,
      banReason: null,
      banExpires: null,
    });
    expect((await adminStats(member.headers)).status).toBe(200);

    expect((await setRole(admin.headers, member.user.id, { role: "user" })).status).toBe(200);
    expect((await adminStats(member.headers)).status).toBe(403);
  });

  it("lets an admin step down while another admin remains", async () => {
    const first = await createSignedInUser({ role: "admin" });
    const second = await createSignedInUser({ role: "admin" });
    const unconfirmed = await setRole(first.headers, first.user.id, { role: "user" });
    expect(await errorCode(unconfirmed, 409)).toBe("confirm_own_role");
    expect(await adminIds()).toHaveLength(2);
    const stepDown = { role: "user", confirmOwnRole: true };
    expect((await setRole(first.headers, first.user.id, stepDown)).status).toBe(200);
    expect(await adminIds()).toEqual([second.user.id]);
  });

  it("promotes only an account whose email is verified", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const member = await insertUser();
    await getDb().update(user).set({ emailVerified: false }).where(eq(user.id, member.id));
    expect(await errorCode(await setRole(admin.headers, member.id, { role: "admin" }), 409)).toBe(
      "unverified",
    );
    expect(await adminIds()).toEqual([admin.user.id]);
  });

  it("refuses with 409 to demote the last admin, who stays admin", async () => {
    const only = await createSignedInUser({ role: "admin" });
    const stepDown = { role: "user", confirmOwnRole: true };
    const response = await setRole(only.headers, only.user.id, stepDown);
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
        pair.map(({ headers, user: { id } }) =>
          setRole(headers, id, { role: "user", confirmOwnRole: true }),
        ),
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
  it("counts every user, every task, and every sign-in of the last 24 hours, ended or not", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const db = getDb();
    const members = [await createSignedInUser(), await createSignedInUser()];
    members.push(await createSignedInUser());
    await insertTasks(members[0]?.user.id ?? "", [{ title: "a" }, { title: "b" }]);
    const before = (await (await adminStats(admin.headers)).json()).signInsLast24h;
    // Twelve sign-ins (four per account, within its limit), each signed out again: their
    // sessions are gone, the sign-ins happened.
    for (let signIn = 0; signIn < 12; signIn++) {
      const email = members[signIn % 3]?.email;
      const response = await login(
        jsonRequest("/api/auth/login", { body: { email, password: TEST_PASSWORD } }),
      );
      expect(response.status).toBe(200);
      const { access_token: token } = await response.json();
      const out = await logout(
        jsonRequest("/api/auth/logout", { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(out.status).toBe(200);
    }
    const [users, allTasks] = await Promise.all([db.$count(user), db.$count(tasks)]);
    const response = await adminStats(admin.headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      users,
      tasks: allTasks,
      signInsLast24h: before + 12,
    });
    expect(allTasks).toBeGreaterThanOrEqual(2);
  });
});
