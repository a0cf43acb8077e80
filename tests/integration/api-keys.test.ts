import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DELETE as revokeKeyRoute } from "@/app/api/auth/api-keys/[id]/route";
import { POST as createKeyRoute, GET as listKeysRoute } from "@/app/api/auth/api-keys/route";
import { POST as deleteAccount } from "@/app/api/auth/delete-account/route";
import { GET as me } from "@/app/api/auth/me/route";
import { API_REFERENCE } from "@/app/api/reference";
import { GET as stats } from "@/app/api/stats/route";
import { afterPasswordReset, proveMailbox } from "@/lib/auth/account/fresh-start";
import { getDb } from "@/lib/db/client";
import { apiKey, securityEvent, user } from "@/lib/db/schema";
import { settleAfterResponseWork } from "@/lib/http/after-response";
import type { RouteContract } from "@/lib/http/route-contract";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { createSignedInUser } from "../support/auth";
import { captureConsole } from "../support/console";
import { jsonRequest, TEST_ORIGIN } from "../support/http";
import { freezeClockMidMinute, importWithEnv, restoreEnv } from "../support/isolation";
import { expectDocumented } from "../support/openapi";
import { routeFiles, routeModule } from "../support/route-files";
import { taskApi } from "../support/tasks";

// Keys are off unless enabled; the authorization server too, whose app routes the sweeps below
// must find answering (a key is refused there as everywhere it is not taken).
vi.hoisted(() => {
  process.env.API_KEYS = "on";
  process.env.OAUTH_PROVIDER = "on";
});

type SignedIn = Awaited<ReturnType<typeof createSignedInUser>>;

async function createKey(owner: SignedIn, scopes: ApiScope[], expiresInDays = 30) {
  const response = await createKeyRoute(
    jsonRequest("/api/auth/api-keys", {
      body: { name: "backup script", scopes, expiresInDays, password: owner.password },
      headers: { cookie: owner.cookie },
    }),
  );
  expect(response.status).toBe(201);
  await expectDocumented("post", "/api/auth/api-keys", response);
  return (await response.json()) as { key: string; apiKey: { id: string; hint: string } };
}

const withKey = (key: string) => ({ authorization: `Bearer ${key}` });

const listTasks = (key: string) => taskApi(withKey(key)).list();

const createTask = (key: string) => taskApi(withKey(key)).create({ title: "from a script" });

async function keyRow(id: string) {
  const [row] = await getDb().select().from(apiKey).where(eq(apiKey.id, id));
  return row;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  restoreEnv();
});

describe("API keys", () => {
  it("a created key lists and creates tasks and reads the profile, as its scopes allow", async () => {
    const alice = await createSignedInUser();
    const { key } = await createKey(alice, ["tasks:read", "tasks:write", "profile"]);
    expect(key).toMatch(/^tfk_[A-Za-z0-9_-]{43}$/);

    const created = await createTask(key);
    expect(created.status).toBe(201);
    const listed = await listTasks(key);
    expect(listed.status).toBe(200);
    expect((await listed.json()).items.map((task: { title: string }) => task.title)).toEqual([
      "from a script",
    ]);
    const profile = await me(jsonRequest("/api/auth/me", { method: "GET", headers: withKey(key) }));
    expect(profile.status).toBe(200);
    expect((await profile.json()).user.email).toBe(alice.email);
  });

  it("a tasks:read key cannot write: 403 insufficient_scope naming the scope it lacks", async () => {
    const alice = await createSignedInUser();
    const { key } = await createKey(alice, ["tasks:read"]);
    const response = await createTask(key);
    expect(response.status).toBe(403);
    await expectDocumented("post", "/api/tasks", response);
    expect((await response.json()).error.code).toBe("insufficient_scope");
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer realm="taskflow", error="insufficient_scope", scope="tasks:write"',
    );
    const profile = await me(jsonRequest("/api/auth/me", { method: "GET", headers: withKey(key) }));
    expect(profile.status).toBe(403);
  });

  it("takes a key on no route that declares no scope, and on no write with read scopes", async () => {
    // Every route, from the files under app/api: a new route that writes, or one that declares
    // no scope (admin, sessions, account, key management), is covered without naming it here.
    const alice = await createSignedInUser({ role: "admin" });
    const readScopes: ApiScope[] = ["tasks:read", "profile"];
    const { key } = await createKey(alice, readScopes);
    let checked = 0;
    for (const { path, file } of routeFiles()) {
      if (path.includes("[...")) continue; // Better Auth's front door: tests below.
      const module = await routeModule(file);
      for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
        const handler = module[method] as
          | (((request: Request, context: unknown) => Promise<Response>) & {
              contract?: RouteContract;
            })
          | undefined;
        const contract = handler?.contract;
        if (!handler || !contract?.auth || !("user" in contract.auth || "admin" in contract.auth))
          continue;
        const url = path.replace(/\{(\w+)\}/g, () => randomUUID());
        const response = await handler(
          jsonRequest(url, {
            method,
            body: method === "GET" ? undefined : {},
            headers: withKey(key),
          }),
          { params: Promise.resolve({ id: randomUUID() }) },
        );
        // A workspace's routes take apps' grants for that workspace with their scope, no key.
        const keyScope = contract.apiKeys === false ? undefined : contract.scope;
        const allowed = keyScope !== undefined && readScopes.includes(keyScope);
        expect(allowed, `${method} ${path} takes a read key`).toBe(method === "GET" && allowed);
        if (allowed) {
          expect(response.status, `${method} ${path}`).not.toBe(403);
          continue;
        }
        expect(response.status, `${method} ${path}`).toBe(403);
        const { error } = await response.json();
        expect(error.code, `${method} ${path}`).toBe(
          keyScope ? "insufficient_scope" : "api_key_not_accepted",
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it("changes nothing with a read key, on any route under app/api, with a contract or not", async () => {
    const alice = await createSignedInUser({ role: "admin" });
    const { key } = await createKey(alice, ["tasks:read", "profile"]);
    const succeeded: string[] = [];
    for (const { path, file } of routeFiles()) {
      if (path.includes("[...")) continue; // Better Auth's front door: the next test.
      const module = await routeModule(file);
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
      const params = Object.fromEntries(names.map((name) => [name, randomUUID()]));
      for (const method of ["POST", "PATCH", "PUT", "DELETE"]) {
        const handler = module[method] as
          | ((request: Request, context: unknown) => Promise<Response>)
          | undefined;
        if (!handler) continue;
        const response = await handler(
          jsonRequest(
            path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? ""),
            {
              method,
              body: { title: "x", name: "x", email: "someone@example.test" },
              headers: withKey(key),
            },
          ),
          { params: Promise.resolve(params) },
        );
        if (response.ok) succeeded.push(`${method} ${path}: ${response.status}`);
      }
    }
    // Signing out without a session ends nothing, and answers anyone alike.
    expect(succeeded).toEqual(["POST /api/auth/logout: 200"]);
  });

  it("refuses a key on Better Auth's signed-in endpoints", async () => {
    const alice = await createSignedInUser();
    const { key } = await createKey(alice, ["tasks:read", "tasks:write", "profile"]);
    const { POST } = await routeModule("app/api/auth/[...all]/route.ts");
    const response = await (POST as (request: Request) => Promise<Response>)(
      jsonRequest("/api/auth/change-password", {
        body: { currentPassword: alice.password, newPassword: "another horse battery" },
        headers: withKey(key),
      }),
    );
    expect(response.status).toBe(403);
  });

  it("refuses an expired key, a revoked key, a wrong secret and a malformed key with 401", async () => {
    const alice = await createSignedInUser();
    const expired = await createKey(alice, ["tasks:read"]);
    await getDb()
      .update(apiKey)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKey.id, expired.apiKey.id));
    const revoked = await createKey(alice, ["tasks:read"]);
    expect((await listTasks(revoked.key)).status).toBe(200);
    const revoke = await revokeKeyRoute(
      jsonRequest(`/api/auth/api-keys/${revoked.apiKey.id}`, {
        method: "DELETE",
        headers: { cookie: alice.cookie },
      }),
      { params: Promise.resolve({ id: revoked.apiKey.id }) },
    );
    expect(revoke.status).toBe(204);
    const valid = await createKey(alice, ["tasks:read"]);
    const wrongSecret = `${valid.key.slice(0, -4)}${valid.key.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    for (const key of [expired.key, revoked.key, wrongSecret, "tfk_short", `${valid.key}x`]) {
      const response = await listTasks(key);
      expect(response.status, key.slice(0, 8)).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
    expect((await listTasks(valid.key)).status).toBe(200);
  });

  it("refuses the key of a banned account", async () => {
    const alice = await createSignedInUser();
    const { key } = await createKey(alice, ["tasks:read"]);
    await getDb().update(user).set({ banned: true }).where(eq(user.id, alice.user.id));
    expect((await listTasks(key)).status).toBe(401);
  });

  it("lists keys without the key or its hash; only the hash is stored", async () => {
    const alice = await createSignedInUser();
    const { key, apiKey: created } = await createKey(alice, ["tasks:read", "profile"], 7);
    expect(created.hint).toBe(`tfk_…${key.slice(-4)}`);
    const row = await keyRow(created.id);
    expect(JSON.stringify(row)).not.toContain(key.slice(4, -4));
    expect(row?.tokenHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const response = await listKeysRoute(
      jsonRequest("/api/auth/api-keys", { method: "GET", headers: { cookie: alice.cookie } }),
    );
    await expectDocumented("get", "/api/auth/api-keys", response);
    const text = await response.text();
    expect(text).not.toContain(key.slice(4, -4));
    expect(text).not.toContain(row?.tokenHash);
    expect(JSON.parse(text).apiKeys).toMatchObject([
      {
        id: created.id,
        name: "backup script",
        scopes: ["tasks:read", "profile"],
        lastUsedAt: null,
      },
    ]);
  });

  it("notes the last use at most once a minute, after the answer", async () => {
    const alice = await createSignedInUser();
    const { key, apiKey: created } = await createKey(alice, ["tasks:read"]);
    expect(
      (await stats(jsonRequest("/api/stats", { method: "GET", headers: withKey(key) }))).status,
    ).toBe(200);
    await settleAfterResponseWork();
    const first = (await keyRow(created.id))?.lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    expect((await listTasks(key)).status).toBe(200);
    await settleAfterResponseWork();
    expect((await keyRow(created.id))?.lastUsedAt).toEqual(first);
  });

  it("needs a confirmed address, and records creation and revocation", async () => {
    const unproven = await createSignedInUser({ verified: false });
    const refused = await createKeyRoute(
      jsonRequest("/api/auth/api-keys", {
        body: { name: "x", scopes: ["tasks:read"], expiresInDays: 30, password: unproven.password },
        headers: { cookie: unproven.cookie },
      }),
    );
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("address_not_proven");

    const alice = await createSignedInUser();
    const { apiKey: created } = await createKey(alice, ["tasks:read"]);
    await revokeKeyRoute(
      jsonRequest(`/api/auth/api-keys/${created.id}`, {
        method: "DELETE",
        headers: { cookie: alice.cookie },
      }),
      { params: Promise.resolve({ id: created.id }) },
    );
    const events = await getDb()
      .select({ type: securityEvent.type })
      .from(securityEvent)
      .where(eq(securityEvent.userId, alice.user.id));
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["api_key_created", "api_key_revoked"]),
    );
  });

  it("refuses unknown scopes, no scope, a lifetime not offered, and a wrong password", async () => {
    const alice = await createSignedInUser();
    const { password } = alice;
    for (const body of [
      { name: "x", scopes: [], expiresInDays: 30, password },
      { name: "x", scopes: ["admin"], expiresInDays: 30, password },
      { name: "x", scopes: ["tasks:read"], expiresInDays: 0, password },
      { name: "", scopes: ["tasks:read"], expiresInDays: 30, password },
      { name: "x", scopes: ["tasks:read"], expiresInDays: 30, password: "not the password" },
      { name: "x", scopes: ["tasks:read"], expiresInDays: 30 },
    ]) {
      const response = await createKeyRoute(
        jsonRequest("/api/auth/api-keys", { body, headers: { cookie: alice.cookie } }),
      );
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("a password reset, the first proof of the address and account deletion revoke every key", async () => {
    const reset = await createSignedInUser();
    const resetKey = await createKey(reset, ["tasks:read"]);
    await afterPasswordReset(reset.user.id);
    expect((await listTasks(resetKey.key)).status).toBe(401);

    const fresh = await createSignedInUser();
    const freshKey = await createKey(fresh, ["tasks:read"]);
    await getDb().update(user).set({ emailVerified: false }).where(eq(user.id, fresh.user.id));
    expect(await proveMailbox(getDb(), { userId: fresh.user.id })).toMatchObject({ apiKeys: 1 });
    expect((await listTasks(freshKey.key)).status).toBe(401);

    const deleted = await createSignedInUser();
    const deletedKey = await createKey(deleted, ["tasks:read"]);
    const response = await deleteAccount(
      jsonRequest("/api/auth/delete-account", {
        body: { password: deleted.password },
        headers: { cookie: deleted.cookie },
      }),
    );
    expect(response.status).toBe(200);
    expect((await listTasks(deletedKey.key)).status).toBe(401);
    const left = await getDb()
      .select()
      .from(apiKey)
      .where(and(eq(apiKey.userId, deleted.user.id)));
    expect(left).toEqual([]);
  });

  it("counts key calls against the user's task API limit, with the user's own token", async () => {
    freezeClockMidMinute();
    const alice = await createSignedInUser();
    const { key } = await createKey(alice, ["tasks:read"]);
    for (let batch = 0; batch < 6; batch++) {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          taskApi(index % 2 === 0 ? withKey(key) : alice.headers).list(),
        ),
      );
      expect(statuses.map((response) => response.status)).toEqual(Array(50).fill(200));
    }
    expect((await listTasks(key)).status).toBe(429);
    expect((await taskApi(alice.headers).list()).status).toBe(429);
  });

  it("never writes a key to the log, on success or refusal", async () => {
    const alice = await createSignedInUser();
    const lines = captureConsole();
    const { key } = await createKey(alice, ["tasks:read"]);
    await listTasks(key);
    await createTask(key);
    await listTasks(`${key.slice(0, -1)}A`);
    await listTasks(`${key}-`);
    await settleAfterResponseWork();
    expect(lines.length).toBeGreaterThan(3);
    const secret = key.slice(4, -4);
    expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  });

  it("shows in the OpenAPI document which scope each route takes a key with, and no other", () => {
    const paths = API_REFERENCE.document(TEST_ORIGIN).paths ?? {};
    const keyScopes = (path: string, method: "get" | "post" | "patch" | "delete") =>
      (paths[path]?.[method]?.security ?? []).flatMap((scheme) => scheme.apiKey ?? []);
    expect(keyScopes("/api/tasks", "get")).toEqual(["tasks:read"]);
    expect(keyScopes("/api/tasks", "post")).toEqual(["tasks:write"]);
    expect(keyScopes("/api/tasks/{id}", "delete")).toEqual(["tasks:write"]);
    expect(keyScopes("/api/auth/me", "get")).toEqual(["profile"]);
    expect(keyScopes("/api/auth/api-keys", "post")).toEqual([]);
    expect(keyScopes("/api/admin/users", "get")).toEqual([]);
    expect(keyScopes("/api/workspaces/{id}/tasks", "get")).toEqual([]);
  });

  it("with API_KEYS off, the key routes answer 404 and a key made before is refused", async () => {
    const alice = await createSignedInUser();
    const { key, apiKey: made } = await createKey(alice, ["tasks:read"]);
    const off = await importWithEnv(
      async () => ({
        keys: await import("@/app/api/auth/api-keys/route"),
        key: await import("@/app/api/auth/api-keys/[id]/route"),
        tasks: await import("@/app/api/tasks/route"),
      }),
      { API_KEYS: "off" },
    );
    const cookie = { cookie: alice.cookie };
    const answers = [
      await off.keys.GET(jsonRequest("/api/auth/api-keys", { method: "GET", headers: cookie })),
      await off.keys.POST(
        jsonRequest("/api/auth/api-keys", {
          body: { name: "x", scopes: ["tasks:read"], expiresInDays: 7, password: alice.password },
          headers: cookie,
        }),
      ),
      await off.key.DELETE(
        jsonRequest(`/api/auth/api-keys/${made.id}`, { method: "DELETE", headers: cookie }),
        { params: Promise.resolve({ id: made.id }) },
      ),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404]);
    const listed = await off.tasks.GET(
      jsonRequest("/api/tasks", { method: "GET", headers: withKey(key) }),
    );
    expect(listed.status).toBe(401);
    expect(await keyRow(made.id)).toBeDefined();
  });
});
