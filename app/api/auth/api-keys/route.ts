import { z } from "zod";
import {
  createApiKey,
  createApiKeySchema,
  listApiKeys,
  requireKeyManager,
} from "@/lib/auth/api-keys/index";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { apiKeyBody, error, invalid, limited, unauthenticated } from "@/lib/openapi/responses";

const off = error("API keys are off (API_KEYS)");

// Key management takes no API key (no `scope`): a key cannot make, list or revoke keys.
export const GET = defineRoute(
  {
    tag: "API keys",
    summary: "The caller's API keys (never the keys themselves)",
    auth: { user: requireKeyManager },
    responses: {
      200: { description: "Newest first", body: z.strictObject({ apiKeys: z.array(apiKeyBody) }) },
      401: unauthenticated,
      404: off,
    },
  },
  async ({ caller }) => jsonNoStore({ apiKeys: await listApiKeys(caller.user.id) }),
);

export const POST = defineRoute(
  {
    tag: "API keys",
    summary:
      "Create an API key (the current password confirms it): the answer is the only time the key is shown",
    auth: { user: requireKeyManager },
    body: createApiKeySchema,
    responses: {
      201: {
        description: "The key in full (`key`), and how it is listed",
        body: z.strictObject({ key: z.string(), apiKey: apiKeyBody }),
      },
      400: invalid,
      401: unauthenticated,
      403: error("The address is not confirmed yet (`address_not_proven`)"),
      404: off,
      409: error("The account holds as many keys as it may"),
      429: limited,
    },
  },
  async ({ request, caller, body }) =>
    jsonNoStore(await createApiKey(caller.user, body, request), { status: 201 }),
);

export const OPTIONS = corsPreflight;
