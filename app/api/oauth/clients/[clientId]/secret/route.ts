import { z } from "zod";
import { renewClientSecret, requireClientManager } from "@/lib/auth/oauth/owned-clients";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { clientSecretBody } from "@/lib/openapi/app-access-answers";
import { error, limited, unauthenticated } from "@/lib/openapi/responses";

export const POST = defineRoute(
  {
    tag: "OAuth apps",
    summary: "A new secret for one of the caller's confidential apps: the old one stops at once",
    auth: { user: requireClientManager },
    params: z.strictObject({ clientId: z.string() }),
    responses: {
      200: {
        description: "The new secret, shown in this answer only",
        body: z.strictObject({ clientSecret: clientSecretBody }),
      },
      401: unauthenticated,
      404: error("Not one of the caller's confidential apps, or the authorization server is off"),
      429: limited,
    },
  },
  async ({ request, caller, params }) =>
    jsonNoStore(await renewClientSecret(caller.user.id, params.clientId, request.headers)),
);

export const OPTIONS = corsPreflight;
