import { z } from "zod";
import { assertOAuthProviderOn, deviceAuthorizationEndpoint } from "@/lib/auth/oauth";
import { defineRoute } from "@/lib/http/define-route";
import { error, oauthError } from "@/lib/openapi/responses";

// RFC 8628 §3.1, for command-line tools (docs/oauth.md, "Device authorization").
export const POST = defineRoute(
  {
    tag: "OAuth",
    summary: "A device asks for a device code and a user code to show (RFC 8628)",
    readsItself: {
      form: z.object({
        client_id: z.string().optional().describe("Public clients; or client_secret_basic"),
        client_secret: z.string().optional().describe("client_secret_post"),
        scope: z.string().optional().describe("Every scope when absent"),
        resource: z.string().optional().describe("The task API when absent"),
      }),
    },
    responses: {
      200: {
        description: "The codes (Cache-Control: no-store)",
        body: z.strictObject({
          device_code: z.string().describe("The device polls the token endpoint with it"),
          user_code: z.string().describe("XXXX-XXXX, for the person to enter at /device"),
          verification_uri: z.string(),
          verification_uri_complete: z.string().describe("The page with the user code filled in"),
          expires_in: z.number().int().describe("Seconds both codes live"),
          interval: z.number().int().describe("Seconds between polls"),
        }),
      },
      400: oauthError("invalid_request, invalid_scope, invalid_target"),
      401: oauthError("invalid_client"),
      404: error("The authorization server is off (OAUTH_PROVIDER)"),
      429: oauthError("Past the rate limit: Retry-After says when to try again"),
    },
  },
  async ({ request }) => {
    assertOAuthProviderOn();
    return deviceAuthorizationEndpoint(request);
  },
);
