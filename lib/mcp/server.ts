import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { OwnerScope } from "@/lib/auth/core/guard";
import { type ErrorBody, HttpError } from "@/lib/http/errors";
import { TASK_TOOLS, type ToolAnswer } from "./tools";

const SERVER_INFO = { name: "taskflow", version: "1.0.0" };

/**
 * A fresh MCP server for one request, its tools bound to the caller's owner scope: nothing lives
 * from one request to the next, so any instance can answer any request.
 *
 * A tool's refusal (a task not found, a bad cursor: a 4xx of the task API) is its error result,
 * with the API's error body, for the model to read. Anything else (the caller's session has
 * ended, the database is down, a bug) must not become a result that says why: `failure()` hands
 * it back, and the endpoint answers it at the HTTP level as every route does (401, 503, a 500
 * that reveals nothing).
 */
export function taskServer(owner: OwnerScope): {
  server: McpServer;
  failure: () => { error: unknown } | undefined;
} {
  let failed: { error: unknown } | undefined;
  const answer: ToolAnswer = async (work) => {
    try {
      const value = await work();
      return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
    } catch (error) {
      if (isRefusal(error)) return refusal(error);
      failed = { error };
      return { content: [{ type: "text", text: "failed" }], isError: true };
    }
  };
  const server = new McpServer(SERVER_INFO, { capabilities: { tools: {} } });
  for (const tool of TASK_TOOLS) tool.register(server, owner, answer);
  return { server, failure: () => failed };
}

// A 401 is the endpoint's to answer: the client re-authenticates on it, not the model.
const isRefusal = (error: unknown): error is HttpError =>
  error instanceof HttpError && error.status >= 400 && error.status < 500 && error.status !== 401;

function refusal({ code, message, options }: HttpError): CallToolResult {
  const body: ErrorBody = {
    error: { code, message, ...(options.fields && { fields: options.fields }) },
  };
  return { content: [{ type: "text", text: JSON.stringify(body) }], isError: true };
}
