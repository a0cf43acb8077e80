import { getEnv } from "@/lib/env";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { DOCUMENT_CONTRACT } from "@/lib/openapi/document";
import { API_REFERENCE } from "../reference";

// The API's OpenAPI 3.1 document (lib/openapi/document.ts), rendered at /docs/api.
export const GET = defineRoute(DOCUMENT_CONTRACT, async () =>
  jsonNoStore(API_REFERENCE.document(getEnv().BETTER_AUTH_URL)),
);
