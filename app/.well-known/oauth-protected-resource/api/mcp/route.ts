import { discoveryAnswer, protectedResourceMetadata } from "@/lib/auth/core/discovery";
import { handleRoute } from "@/lib/http/handle-route";

// RFC 9728, for the MCP endpoint: the well-known prefix, then the resource's path (§3.1).
export const GET = handleRoute(async () => discoveryAnswer(protectedResourceMetadata("mcp")));
