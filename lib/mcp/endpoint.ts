import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";
import type { OwnerScope } from "@/lib/auth/core/guard";
import { getDb } from "@/lib/db/client";
import { user } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { assertTrustedOrigin } from "@/lib/http/csrf";
import { HttpError } from "@/lib/http/errors";
import { noteRequestUser, requestUser } from "@/lib/http/log";
import { readBodyText } from "@/lib/http/read-body";
import { declareScope } from "@/lib/http/route-contract";
import { requireTaskOwner } from "@/lib/tasks/http";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { taskServer } from "./server";
import { TASK_TOOLS } from "./tools";

/**
 * The MCP endpoint (Streamable HTTP, stateless: docs/mcp.md). Each POST carries one JSON-RPC
 * message, authorised by the task API's guard with the scope that message needs, and answered
 * as JSON by a server made for that request alone.
 */

/** What the OpenAPI document shows of the endpoint's bodies: JSON-RPC 2.0, the MCP schema's. */
export const jsonRpcMessage = z
  .looseObject({ jsonrpc: z.literal("2.0") })
  .meta({ id: "JsonRpcMessage", description: "A JSON-RPC 2.0 message of MCP" });

const TOOL_SCOPES = new Map(TASK_TOOLS.map((tool) => [tool.name, tool.scope]));

/**
 * Connecting (initialize, the list of tools, pings, notifications) reads what the user's tasks
 * offer, so it needs `tasks:read`; calling a tool needs the tool's own scope.
 */
const CONNECT_SCOPE: ApiScope = "tasks:read";

const toolCall = z.object({
  method: z.literal("tools/call"),
  params: z.object({ name: z.string() }),
});

function scopeOf(message: unknown): ApiScope {
  const call = toolCall.safeParse(message);
  return (call.success && TOOL_SCOPES.get(call.data.params.name)) || CONNECT_SCOPE;
}

/**
 * A message that runs no statement over the user's rows (initialize, the tool list, a ping) still
 * proves its credential's session alive, as a tool's statement does (lib/auth/core/owner-scope.ts):
 * a revoked grant or an ended sign-in is refused at its very next message, whatever it sends.
 */
async function proveSessionAlive(owner: OwnerScope, message: unknown): Promise<void> {
  if (toolCall.safeParse(message).success) return;
  await getDb().select({ id: user.id }).from(user).where(owner.owns(user.id));
}

export async function serveMcp(request: Request): Promise<Response> {
  assertEnabled(request);
  // The body comes before the guard: the scope to check depends on the message. It is read
  // capped and with a deadline (lib/http/read-body.ts), as every body is.
  const message = parseMessage(await readBodyText(request));
  if (message instanceof Response) return message;
  const credentials = bearerOnly(request, scopeOf(message));
  const owner = await requireTaskOwner(credentials);
  await proveSessionAlive(owner, message);
  const user = requestUser(credentials);
  if (user) noteRequestUser(request, user);
  const { server, failure } = taskServer(owner);
  const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(request, { parsedBody: message });
    const failed = failure();
    if (failed) throw failed.error;
    return response;
  } finally {
    await server.close();
  }
}

/**
 * GET (a server-sent stream) and DELETE (ending a session) have nothing to serve here: the
 * endpoint keeps no session and sends nothing unasked, so the transport's spec answers 405.
 */
export async function refuseStream({ request }: { request: Request }): Promise<Response> {
  assertEnabled(request);
  throw new HttpError(405, "method_not_allowed", "Send JSON-RPC messages with POST", {
    headers: { allow: "POST" },
  });
}

/**
 * Without API keys or OAuth there is no credential an agent could hold: the endpoint is absent.
 * Present, it answers no page of a site we do not trust, whatever the method or the credential
 * (the transport's DNS-rebinding rule, lib/http/csrf.ts).
 */
function assertEnabled(request: Request): void {
  const env = getEnv();
  if (!env.API_KEYS && !env.OAUTH_PROVIDER) throw new HttpError(404, "not_found", "Not found");
  assertTrustedOrigin(request);
}

/**
 * The request the guard sees: the caller's headers without cookies, with the scope declared. MCP
 * clients authenticate with `Authorization: Bearer` only, and the guard would prefer a browser's
 * cookie to it. (The user it finds is noted on the real request, for the log line.)
 */
function bearerOnly(request: Request, scope: ApiScope): Request {
  const headers = new Headers(request.headers);
  headers.delete("cookie");
  const credentials = new Request(request.url, { method: request.method, headers });
  declareScope(credentials, scope);
  return credentials;
}

/** One JSON-RPC message, or the JSON-RPC error that answers anything else (as the SDK would). */
function parseMessage(text: string): unknown {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return jsonRpcError(-32700, "Parse error: Invalid JSON");
  }
  // MCP since 2025-06-18 sends no batches; one message is one scope to check.
  if (Array.isArray(message)) return jsonRpcError(-32600, "Send one JSON-RPC message per request");
  return message;
}

const jsonRpcError = (code: number, message: string) =>
  Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status: 400 });
