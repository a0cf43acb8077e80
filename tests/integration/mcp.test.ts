import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as createKeyRoute } from "@/app/api/auth/api-keys/route";
import { getDb } from "@/lib/db/client";
import { session } from "@/lib/db/schema";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { createSignedInUser } from "../support/auth";
import { jsonRequest, TEST_ORIGIN } from "../support/http";
import { freezeClockMidMinute, importWithEnv, restoreEnv } from "../support/isolation";
import { expectDocumented } from "../support/openapi";
import { serveRoutes } from "../support/serve-route";
import type { TaskJson } from "../support/tasks";
import { taskApi } from "../support/tasks";

/**
 * The MCP endpoint driven by the official MCP TypeScript SDK's client over real HTTP, with API
 * keys made by the real key route: the tools, their scopes, someone else's task, bad input, and
 * the HTTP answers an MCP client acts on.
 */

type Served = Awaited<ReturnType<typeof serveRoutes>>;
let server: Served;
let endpoint: URL;

const mcpRoute = (env: Record<string, string>) =>
  importWithEnv(() => import("@/app/api/mcp/route"), env);

beforeAll(async () => {
  const route = await mcpRoute({ API_KEYS: "on", OAUTH_PROVIDER: "off" });
  server = await serveRoutes({
    "POST /api/mcp": route.POST,
    "GET /api/mcp": route.GET,
    "DELETE /api/mcp": route.DELETE,
  });
  endpoint = new URL("/api/mcp", server.origin);
});

afterAll(async () => {
  await server.close();
  restoreEnv();
  vi.useRealTimers();
});

type SignedIn = Awaited<ReturnType<typeof createSignedInUser>>;

async function createKey(owner: SignedIn, scopes: ApiScope[]): Promise<string> {
  const response = await createKeyRoute(
    jsonRequest("/api/auth/api-keys", {
      body: { name: "agent", scopes, expiresInDays: 30, password: owner.password },
      headers: { cookie: owner.cookie },
    }),
  );
  expect(response.status).toBe(201);
  return (await response.json()).key;
}

const ALL_SCOPES: ApiScope[] = ["tasks:read", "tasks:write"];

/** An MCP client connected with `credential` as its bearer token, as an agent would be. */
async function connect(credential?: string): Promise<Client> {
  const client = new Client({ name: "taskflow-tests", version: "1.0.0" });
  const headers: Record<string, string> = credential
    ? { authorization: `Bearer ${credential}` }
    : {};
  await client.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } }));
  return client;
}

async function agentOf(scopes: ApiScope[] = ALL_SCOPES) {
  const user = await createSignedInUser();
  const key = await createKey(user, scopes);
  return { user, key, client: await connect(key) };
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The task a successful tool call answers. */
async function taskFrom(client: Client, name: string, args: Record<string, unknown>) {
  const result = await call(client, name, args);
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  const text = (result.content[0] as { text: string }).text;
  expect(result.structuredContent).toEqual(JSON.parse(text));
  return JSON.parse(text) as TaskJson;
}

/** The error body a refused tool call answers (the task API's error shape). */
function refusalOf(result: CallToolResult): { code?: string; message: string } {
  expect(result.isError).toBe(true);
  const text = (result.content[0] as { text: string }).text;
  try {
    return JSON.parse(text).error;
  } catch {
    return { message: text };
  }
}

/** What the SDK client rejects with when the endpoint answers an HTTP error. */
async function httpFailure(attempt: Promise<unknown>): Promise<StreamableHTTPError> {
  const error = await attempt.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(StreamableHTTPError);
  return error as StreamableHTTPError;
}

const rawPost = (body: string, headers: Record<string, string> = {}) =>
  fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body,
  });

const listToolsMessage = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });

describe("the MCP endpoint with an API key, through the SDK's client", () => {
  it("lists the six task tools with their input schemas", async () => {
    const { client } = await agentOf();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "complete_task",
      "create_task",
      "get_task",
      "list_tasks",
      "task_stats",
      "update_task",
    ]);
    const create = tools.find((tool) => tool.name === "create_task");
    expect(create?.inputSchema.required).toEqual(["title"]);
    expect(create?.annotations?.readOnlyHint).toBe(false);
    const list = tools.find((tool) => tool.name === "list_tasks");
    expect(Object.keys(list?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["status", "priority", "q", "due", "sort", "limit", "cursor"]),
    );
    expect(list?.annotations?.readOnlyHint).toBe(true);
    await client.close();
  });

  it("creates, lists, changes, completes and counts a task, the same one the task API sees", async () => {
    const { client, key } = await agentOf();
    const created = await taskFrom(client, "create_task", {
      title: "Write the report",
      priority: "high",
      dueDate: "2030-01-31",
    });
    expect(created).toMatchObject({ title: "Write the report", priority: "high", version: 1 });

    const page = (await call(client, "list_tasks", { priority: "high" })).structuredContent;
    expect(page).toMatchObject({ items: [{ id: created.id }], nextCursor: null });
    const none = (await call(client, "list_tasks", { status: "completed" })).structuredContent;
    expect(none).toMatchObject({ items: [] });

    const changed = await taskFrom(client, "update_task", {
      id: created.id,
      changes: { title: "Write the final report" },
    });
    expect(changed).toMatchObject({
      title: "Write the final report",
      priority: "high",
      version: 2,
    });

    const completed = await taskFrom(client, "complete_task", { id: created.id });
    expect(completed).toMatchObject({ status: "completed", version: 3 });
    expect(completed.completedAt).not.toBeNull();
    expect(await taskFrom(client, "get_task", { id: created.id })).toEqual(completed);

    const stats = (await call(client, "task_stats", { tz: "Europe/Paris" })).structuredContent;
    expect(stats).toMatchObject({ total: 1, completed: 1, pending: 0, completionRate: 1 });

    const viaApi = await taskApi({ authorization: `Bearer ${key}` }).get(created.id);
    expect(await viaApi.json()).toEqual(completed);
    await client.close();
  });

  it("answers a tasks:read key's write with 403 insufficient_scope naming tasks:write", async () => {
    const { client, key } = await agentOf(["tasks:read"]);
    expect((await client.listTools()).tools).toHaveLength(6);
    const refused = await httpFailure(call(client, "create_task", { title: "Not allowed" }));
    expect(refused.code).toBe(403);
    expect(refused.message).toContain("tasks:write");

    const answer = await rawPost(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "create_task", arguments: { title: "Not allowed" } },
      }),
      { authorization: `Bearer ${key}` },
    );
    expect(answer.status).toBe(403);
    await expectDocumented("post", "/api/mcp", answer);
    expect(answer.headers.get("www-authenticate")).toBe(
      'Bearer realm="taskflow", error="insufficient_scope", scope="tasks:write"',
    );
    expect((await call(client, "list_tasks", {})).structuredContent).toMatchObject({ items: [] });
    await client.close();
  });

  it("needs tasks:read to connect: a key with only profile is refused at initialize", async () => {
    const user = await createSignedInUser();
    const key = await createKey(user, ["profile"]);
    const refused = await httpFailure(connect(key));
    expect(refused.code).toBe(403);
    expect(refused.message).toContain("tasks:read");
  });

  it("answers a request without a usable credential 401 with the guard's challenge", async () => {
    const refused = await httpFailure(connect());
    expect(refused.code).toBe(401);

    const bare = await rawPost(listToolsMessage);
    expect(bare.status).toBe(401);
    await expectDocumented("post", "/api/mcp", bare);
    expect(bare.headers.get("www-authenticate")).toBe('Bearer realm="taskflow"');

    const unknownKey = `tfk_${"A".repeat(43)}`;
    const wrong = await rawPost(listToolsMessage, { authorization: `Bearer ${unknownKey}` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe(
      'Bearer realm="taskflow", error="invalid_token"',
    );
  });

  it("refuses a request from a page of another site with 403, whatever its credential (DNS rebinding)", async () => {
    const user = await createSignedInUser();
    const key = await createKey(user, ["tasks:read"]);
    const foreign = { origin: "https://rebound.example" };
    for (const headers of [{ ...foreign, authorization: `Bearer ${key}` }, foreign]) {
      const refused = await rawPost(listToolsMessage, headers);
      expect(refused.status).toBe(403);
      await expectDocumented("post", "/api/mcp", refused);
      expect((await refused.json()).error.code).toBe("cross_site_request");
    }
    for (const method of ["GET", "DELETE"]) {
      const refused = await fetch(endpoint, { method, headers: foreign });
      expect(refused.status, method).toBe(403);
    }
    const ownPage = await rawPost(listToolsMessage, {
      origin: new URL(TEST_ORIGIN).origin,
      authorization: `Bearer ${key}`,
    });
    expect(ownPage.status).toBe(200);
  });

  it("takes no cookie: a signed-in browser's cookie alone is not a credential here", async () => {
    const user = await createSignedInUser();
    const withCookie = await rawPost(listToolsMessage, { cookie: user.cookie });
    expect(withCookie.status).toBe(401);
    // The same user's access token as a bearer is one.
    const withBearer = await rawPost(listToolsMessage, user.headers);
    expect(withBearer.status).toBe(200);
    await expectDocumented("post", "/api/mcp", withBearer);
  });

  it("a first-party token's ended session is a 401 at the next tool call, not a tool result", async () => {
    const user = await createSignedInUser();
    const client = await connect(user.accessToken);
    expect((await call(client, "list_tasks", {})).isError).toBeFalsy();
    await getDb().delete(session).where(eq(session.userId, user.user.id));
    const refused = await httpFailure(call(client, "list_tasks", {}));
    expect(refused.code).toBe(401);
    await client.close();
  });

  it("finds no task of another user's, and changes none", async () => {
    const alice = await agentOf();
    const bob = await agentOf();
    const hers = await taskFrom(alice.client, "create_task", { title: "Alice's" });
    for (const [name, args] of [
      ["get_task", { id: hers.id }],
      ["update_task", { id: hers.id, changes: { title: "Bob's now" } }],
      ["complete_task", { id: hers.id }],
    ] as const) {
      const refusal = refusalOf(await call(bob.client, name, args));
      expect(refusal, name).toMatchObject({ code: "not_found", message: "Task not found" });
    }
    expect(await taskFrom(alice.client, "get_task", { id: hers.id })).toEqual(hers);
    await alice.client.close();
    await bob.client.close();
  });

  it("answers bad input with a tool error that says what is wrong, never a 500", async () => {
    const { client } = await agentOf();
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["create_task", {}, /title/],
      ["create_task", { title: "   " }, /Title is required/],
      ["create_task", { title: "x", userId: "someone-else" }, /userId/],
      ["create_task", { title: "x", dueDate: "31/01/2030" }, /YYYY-MM-DD/],
      ["get_task", { id: "not-a-uuid" }, /id/],
      ["update_task", { id: crypto.randomUUID(), changes: {} }, /at least one field/],
      ["list_tasks", { limit: 1000 }, /limit/],
      ["list_tasks", { cursor: "forged" }, /cursor/],
      ["task_stats", { tz: "Mars/Olympus" }, /tz/],
      ["delete_everything", {}, /not found/],
    ];
    for (const [name, args, says] of cases) {
      const refusal = refusalOf(await call(client, name, args));
      expect(JSON.stringify(refusal), `${name} ${JSON.stringify(args)}`).toMatch(says);
    }
    expect((await call(client, "list_tasks", {})).structuredContent).toMatchObject({ items: [] });
    await client.close();
  });

  it("answers what is not one JSON-RPC message, and GET and DELETE, as a stateless server", async () => {
    const user = await createSignedInUser();
    const key = await createKey(user, ["tasks:read"]);
    const authorization = { authorization: `Bearer ${key}` };

    const broken = await rawPost("{", authorization);
    expect(broken.status).toBe(400);
    await expectDocumented("post", "/api/mcp", broken);
    expect((await broken.json()).error.code).toBe(-32700);
    const batch = await rawPost(`[${listToolsMessage},${listToolsMessage}]`, authorization);
    expect(batch.status).toBe(400);
    expect((await batch.json()).error.code).toBe(-32600);

    for (const method of ["GET", "DELETE"]) {
      const response = await fetch(endpoint, { method, headers: authorization });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
  });
});

describe("the MCP endpoint's switches and limit", () => {
  const post = (route: { POST: (request: Request) => Promise<Response> }, key: string) =>
    route.POST(
      new Request(endpoint, {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: listToolsMessage,
      }),
    );

  it("counts each request against the task API's per-user limit (429)", async () => {
    freezeClockMidMinute();
    const user = await createSignedInUser();
    const key = await createKey(user, ["tasks:read"]);
    const route = await mcpRoute({ API_KEYS: "on", RATE_LIMIT_TASKS_USER: "2/1m" });
    expect((await post(route, key)).status).toBe(200);
    expect((await post(route, key)).status).toBe(200);
    const limited = await post(route, key);
    expect(limited.status).toBe(429);
    await expectDocumented("post", "/api/mcp", limited);
  });

  it("does not exist while both API_KEYS and OAUTH_PROVIDER are off (404)", async () => {
    const user = await createSignedInUser();
    const key = await createKey(user, ["tasks:read"]);
    const off = await mcpRoute({ API_KEYS: "off", OAUTH_PROVIDER: "off" });
    const response = await post(off, key);
    expect(response.status).toBe(404);
    await expectDocumented("post", "/api/mcp", response);
    const stream = await off.GET(new Request(endpoint));
    expect(stream.status).toBe(404);
    const oauthOnly = await mcpRoute({ API_KEYS: "off", OAUTH_PROVIDER: "on" });
    expect((await post(oauthOnly, key)).status).not.toBe(404);
  });
});
