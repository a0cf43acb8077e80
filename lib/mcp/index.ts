/**
 * lib/mcp/: the MCP endpoint for tasks (docs/mcp.md): the task API's tools for agents, on the
 * task API's guard, scopes and functions.
 */
export { jsonRpcMessage, refuseStream, serveMcp } from "./endpoint";
