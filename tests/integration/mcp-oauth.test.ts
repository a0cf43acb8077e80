import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as authorizationServerMetadata } from "@/app/.well-known/oauth-authorization-server/route";
import { GET as mcpResourceMetadata } from "@/app/.well-known/oauth-protected-resource/api/mcp/route";
import { GET as taskApiMetadata } from "@/app/.well-known/oauth-protected-resource/route";
import * as mcp from "@/app/api/mcp/route";
import { POST as consent } from "@/app/api/oauth/authorize/route";
import { POST as register } from "@/app/api/oauth/register/route";
import { POST as revoke } from "@/app/api/oauth/revoke/route";
import { POST as token } from "@/app/api/oauth/token/route";
import * as tasks from "@/app/api/tasks/route";
import { createSignedInUser } from "../support/auth";
import { TEST_ORIGIN, uniqueClientIp } from "../support/http";
import { serveRoutes } from "../support/serve-route";
import type { TaskJson } from "../support/tasks";
import {
  grantedTokens,
  postConsent,
  registerClient,
  type Server,
  type User,
} from "./oauth/harness";

/**
 * The MCP authorization specification's flow, end to end, with the official MCP TypeScript SDK as
 * the agent: its first request is refused (401 naming the protected-resource metadata), it
 * discovers that document and the authorization server's, registers itself (RFC 7591), sends the
 * user to the consent page with PKCE S256 and the MCP resource, exchanges the code the user's
 * Allow produced, and calls tools. Every route is the real one, served over HTTP; only the
 * provider (where a real client keeps its tokens and opens a browser) is the test's.
 */
vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
});

let server: Server;

/**
 * The app believes it is served at TEST_ORIGIN; every client reaches it there, as through a
 * reverse proxy, each request from its own client IP.
 */
function reach(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("x-real-ip", uniqueClientIp());
  return fetch(String(url).replace(TEST_ORIGIN, server.origin), { ...init, headers });
}

beforeAll(async () => {
  const served = await serveRoutes({
    "GET /.well-known/oauth-authorization-server": authorizationServerMetadata,
    "GET /.well-known/oauth-protected-resource": taskApiMetadata,
    "GET /.well-known/oauth-protected-resource/api/mcp": mcpResourceMetadata,
    "POST /api/oauth/register": register,
    "POST /api/oauth/authorize": consent,
    "POST /api/oauth/token": token,
    "POST /api/oauth/revoke": revoke,
    "POST /api/mcp": mcp.POST,
    "GET /api/mcp": mcp.GET,
    "GET /api/tasks": tasks.GET,
  });
  // The harness's shape, so openid-client and the consent helper reach the same server.
  server = { ...served, send: (url, options) => reach(url, options as RequestInit) };
});

afterAll(() => server.close());

const MCP_URL = `${TEST_ORIGIN}/api/mcp`;
const CALLBACK = "http://127.0.0.1:33418/callback";

/**
 * What a desktop agent keeps (its registration, tokens, PKCE verifier) and where it would open a
 * browser: here it remembers the authorization URL for the test, which plays the user.
 */
class AgentProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = "";
  authorizationUrls: URL[] = [];
  registrations = 0;

  get redirectUrl() {
    return CALLBACK;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "SDK Agent",
      redirect_uris: [CALLBACK],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  state() {
    return "agent-state";
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    if (!this.client) this.registrations += 1;
    this.client = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrls.push(url);
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  // What the SDK calls when the server refuses what the agent holds (a dead grant's refresh
  // token: `tokens`), before it starts over.
  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery") {
    if (scope === "all" || scope === "client") this.client = undefined;
    if (scope === "all" || scope === "tokens") this.saved = undefined;
    if (scope === "all" || scope === "verifier") this.verifier = "";
  }
}

function connection(provider: AgentProvider) {
  const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
    authProvider: provider,
    fetch: reach,
  });
  return { transport, client: new Client({ name: "sdk-agent", version: "1.0.0" }) };
}

/**
 * The user, signed in, presses Allow on the page the agent opened; the agent's callback gets the
 * code. `scope` stands for an agent that asked for less than the metadata offers (the SDK asks for
 * every scope the protected-resource metadata lists).
 */
async function userAllows(user: User, authorizationUrl: URL, scope?: string) {
  const parameters = new URLSearchParams(authorizationUrl.searchParams);
  if (scope) parameters.set("scope", scope);
  const response = await postConsent(server, user, parameters);
  expect(response.status, await response.clone().text()).toBe(303);
  const callback = new URL(response.headers.get("location") ?? "");
  expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
  expect(callback.searchParams.get("state")).toBe("agent-state");
  expect(callback.searchParams.get("iss")).toBe(TEST_ORIGIN);
  return callback.searchParams.get("code") ?? "";
}

/** An agent that went through discovery, registration and the user's consent, connected. */
async function authorizedAgent(user: User, scope?: string) {
  const provider = new AgentProvider();
  const { transport, client } = connection(provider);
  await expect(client.connect(transport)).rejects.toThrow(UnauthorizedError);
  const [authorizationUrl] = provider.authorizationUrls;
  if (!authorizationUrl) throw new Error("the SDK never sent the user to authorize");
  await transport.finishAuth(await userAllows(user, authorizationUrl, scope));
  // As the SDK's own examples do: a fresh transport and client, the same provider (its tokens).
  const connected = connection(provider);
  await connected.client.connect(connected.transport);
  return { provider, client: connected.client, authorizationUrl };
}

const structured = (result: unknown) => (result as CallToolResult).structuredContent as TaskJson;

/** One `list_tasks` tool call as raw HTTP, with `accessToken` if given. */
const LIST_TASKS = { method: "tools/call", params: { name: "list_tasks", arguments: {} } };

function mcpCall(accessToken?: string, message: object = LIST_TASKS) {
  const headers = new Headers({
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
  });
  if (accessToken) headers.set("authorization", `Bearer ${accessToken}`);
  return reach(MCP_URL, {
    method: "POST",
    headers,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      ...message,
    }),
  });
}

describe("the MCP SDK's client through discovery, registration, consent and tool calls", () => {
  it("is refused, discovers, registers, gets the user's consent for the MCP resource and calls tools", async () => {
    const user = await createSignedInUser();
    const first = await mcpCall();
    expect(first.status).toBe(401);
    expect(first.headers.get("www-authenticate")).toContain(
      `resource_metadata="${TEST_ORIGIN}/.well-known/oauth-protected-resource/api/mcp"`,
    );

    const { provider, client, authorizationUrl } = await authorizedAgent(user);
    expect(provider.registrations).toBe(1);
    expect(provider.client?.client_id).toMatch(/^tfc_/);
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(
      `${TEST_ORIGIN}/oauth/authorize`,
    );
    const asked = authorizationUrl.searchParams;
    expect(asked.get("response_type")).toBe("code");
    expect(asked.get("code_challenge_method")).toBe("S256");
    expect(asked.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get("resource")).toBe(MCP_URL);
    expect(asked.get("redirect_uri")).toBe(CALLBACK);

    const access = decodeJwt(provider.saved?.access_token ?? "");
    expect(access).toMatchObject({ aud: MCP_URL, client_id: provider.client?.client_id });
    expect(String(access.scope).split(" ")).toEqual(
      expect.arrayContaining(["tasks:read", "tasks:write"]),
    );

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("complete_task");
    const created = structured(
      await client.callTool({ name: "create_task", arguments: { title: "Written by the agent" } }),
    );
    expect(created).toMatchObject({ title: "Written by the agent", status: "pending" });
    const completed = structured(
      await client.callTool({ name: "complete_task", arguments: { id: created.id } }),
    );
    expect(completed).toMatchObject({ id: created.id, status: "completed" });
    const listed = (await client.callTool({ name: "list_tasks", arguments: {} })) as CallToolResult;
    expect((listed.structuredContent as { items: TaskJson[] }).items).toEqual([
      expect.objectContaining({ id: created.id, status: "completed" }),
    ]);
    await client.close();
  });

  it("takes no token for the task API at /api/mcp, nor the MCP token at the task API (401)", async () => {
    const client = await registerClient();
    const { tokens } = await grantedTokens(server, client);
    expect(decodeJwt(tokens.access_token).aud).toBe(`${TEST_ORIGIN}/api`);
    expect((await mcpCall(tokens.access_token)).status).toBe(401);

    const { provider } = await authorizedAgent(await createSignedInUser());
    const mcpToken = provider.saved?.access_token ?? "";
    expect((await mcpCall(mcpToken)).status).toBe(200);
    const taskApi = await reach(`${TEST_ORIGIN}/api/tasks`, {
      headers: { authorization: `Bearer ${mcpToken}` },
    });
    expect(taskApi.status).toBe(401);
  });

  it("stops the agent at its next message once its grant is revoked (RFC 7009)", async () => {
    const { provider, client } = await authorizedAgent(await createSignedInUser());
    await client.callTool({ name: "list_tasks", arguments: {} });
    const revoked = await reach(`${TEST_ORIGIN}/api/oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        token: provider.saved?.refresh_token ?? "",
        client_id: provider.client?.client_id ?? "",
      }),
    });
    expect(revoked.status).toBe(200);
    const accessToken = provider.saved?.access_token ?? "";
    // Every message, not only a tool's: connecting and listing run no statement of the user's.
    for (const message of [
      LIST_TASKS,
      { method: "tools/list" },
      { method: "ping" },
      {
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "revoked-agent", version: "1.0.0" },
        },
      },
    ]) {
      expect((await mcpCall(accessToken, message)).status).toBe(401);
    }

    // The SDK meets the 401, fails to refresh the dead grant, and sends the user to consent again.
    const before = provider.authorizationUrls.length;
    await expect(client.callTool({ name: "list_tasks", arguments: {} })).rejects.toThrow(
      UnauthorizedError,
    );
    expect(provider.authorizationUrls.length).toBe(before + 1);
  });

  it("answers a read-only grant's create_task with 403 insufficient_scope; the SDK's refresh cannot widen it", async () => {
    const user = await createSignedInUser();
    const { provider, client } = await authorizedAgent(user, "tasks:read");
    expect(decodeJwt(provider.saved?.access_token ?? "").scope).toBe("tasks:read");
    expect((await client.callTool({ name: "list_tasks", arguments: {} })).isError).toBeFalsy();

    // Step-up as the SDK does it: it reads scope="tasks:write" from the 403, then, holding a
    // refresh token, refreshes (a refresh never widens a grant here), retries, meets the same
    // 403, and gives up without sending the user to consent for more.
    const failure = await client
      .callTool({ name: "create_task", arguments: { title: "Not allowed" } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(StreamableHTTPError);
    expect((failure as StreamableHTTPError).code).toBe(403);
    expect(provider.authorizationUrls).toHaveLength(1);
    expect(decodeJwt(provider.saved?.access_token ?? "").scope).toBe("tasks:read");
  });
});
