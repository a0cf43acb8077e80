import { listConnectedApps, requireConnectedAppsOwner } from "@/lib/auth/connected-apps/index";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { jsonNoStore } from "@/lib/http/responses";
import { connectedAppsBody } from "@/lib/openapi/app-access-answers";
import { error, unauthenticated } from "@/lib/openapi/responses";

// A person's own sign-in only: neither an API key nor an app's token sees what else has access.
export const GET = defineRoute(
  {
    tag: "Connected apps",
    summary: "Every app the caller granted access, and every API key (never the keys themselves)",
    auth: { user: requireConnectedAppsOwner },
    responses: {
      200: {
        description: "Grants most recently used first, keys newest first",
        body: connectedAppsBody,
      },
      401: unauthenticated,
      404: error("Both OAUTH_PROVIDER and API_KEYS are off"),
    },
  },
  async ({ caller }) => jsonNoStore(await listConnectedApps(caller.user.id)),
);

export const OPTIONS = corsPreflight;
