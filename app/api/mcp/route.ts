import { corsPreflight } from "@/lib/http/cors";
import { defineRoute, withContract } from "@/lib/http/define-route";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonRpcMessage, refuseStream, serveMcp } from "@/lib/mcp";
import { error, limited, unauthenticated } from "@/lib/openapi/responses";

// The guard runs inside serveMcp, with the scope the message needs (docs/mcp.md), so the
// contract names none.
export const POST = withContract(
  {
    tag: "MCP",
    summary: "One MCP message (Streamable HTTP, stateless; Authorization: Bearer)",
    readsItself: { body: jsonRpcMessage },
    responses: {
      200: { description: "The JSON-RPC answer", body: jsonRpcMessage },
      202: { description: "A notification, accepted" },
      400: { description: "Not one JSON-RPC message: a JSON-RPC error", body: jsonRpcMessage },
      401: unauthenticated,
      403: error(
        "The credential lacks the scope the message needs (WWW-Authenticate names it), or the request came from a page of a site not trusted (`cross_site_request`)",
      ),
      404: error("Neither API_KEYS nor OAUTH_PROVIDER is on"),
      429: limited,
    },
  },
  handleRoute(serveMcp),
);

const noStream = defineRoute(
  {
    tag: "MCP",
    summary: "Not served: the endpoint keeps no session and opens no stream",
    responses: {
      403: error("The request came from a page of a site not trusted (`cross_site_request`)"),
      404: error("Neither API_KEYS nor OAUTH_PROVIDER is on"),
      405: error("Use POST"),
    },
  },
  refuseStream,
);

export const GET = noStream;
export const DELETE = noStream;

export const OPTIONS = corsPreflight;
