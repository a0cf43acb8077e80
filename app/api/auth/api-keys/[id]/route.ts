import { z } from "zod";
import { requireKeyManager, revokeApiKey } from "@/lib/auth/api-keys/index";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { error, unauthenticated } from "@/lib/openapi/responses";

export const DELETE = defineRoute(
  {
    tag: "API keys",
    summary: "Revoke one of the caller's API keys: its next request is refused",
    auth: { user: requireKeyManager },
    params: z.strictObject({ id: z.string() }),
    responses: {
      204: { description: "Revoked" },
      401: unauthenticated,
      404: error("Not one of the caller's API keys, or API keys are off (API_KEYS)"),
    },
  },
  async ({ request, caller, params }) => {
    await revokeApiKey(caller.user.id, params.id, request.headers);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
