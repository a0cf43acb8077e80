import { z } from "zod";
import { deleteClient, requireClientManager } from "@/lib/auth/oauth/owned-clients";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { error, unauthenticated } from "@/lib/openapi/responses";

export const DELETE = defineRoute(
  {
    tag: "OAuth apps",
    summary: "Delete one of the caller's apps: every grant to it ends, its tokens with it",
    auth: { user: requireClientManager },
    params: z.strictObject({ clientId: z.string() }),
    responses: {
      204: { description: "Deleted" },
      401: unauthenticated,
      404: error("Not one of the caller's apps, or the authorization server is off"),
    },
  },
  async ({ request, caller, params }) => {
    await deleteClient(caller.user.id, params.clientId, request.headers);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
