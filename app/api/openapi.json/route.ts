import { getEnv } from "@/lib/env";
import { handleRoute } from "@/lib/http/handle-route";
import { jsonNoStore } from "@/lib/http/responses";
import { openApiDocument } from "@/lib/openapi/document";

// The API's OpenAPI 3.1 document (lib/openapi/document.ts), rendered at /docs/api.
export const GET = handleRoute(async () => jsonNoStore(openApiDocument(getEnv().BETTER_AUTH_URL)));
