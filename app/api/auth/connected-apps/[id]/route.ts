import { z } from "zod";
import { requireConnectedAppsOwner, revokeGrant } from "@/lib/auth/connected-apps/index";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { noContent } from "@/lib/http/responses";
import { error, unauthenticated } from "@/lib/openapi/responses";

// An API key is revoked at DELETE /api/auth/api-keys/{id}.
export const DELETE = defineRoute(
  {
    tag: "Connected apps",
    summary: "Revoke an app's access: its tokens are refused from their next request on",
    auth: { user: requireConnectedAppsOwner },
    params: z.strictObject({ id: z.string() }),
    responses: {
      204: { description: "Revoked" },
      401: unauthenticated,
      404: error("Not one of the caller's grants, or both OAUTH_PROVIDER and API_KEYS are off"),
    },
  },
  async ({ request, caller, params }) => {
    await revokeGrant(caller.user.id, params.id, request.headers);
    return noContent();
  },
);

export const OPTIONS = corsPreflight;
