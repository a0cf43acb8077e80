import { z } from "zod";
import { OAUTH_TOKEN_ENDPOINT_GRANTS } from "@/lib/auth/core/token-grants";
import { assertOAuthProviderOn, tokenEndpoint } from "@/lib/auth/oauth";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { error, oauthError, oauthTokenBody } from "@/lib/openapi/responses";

// The OAuth 2.1 token endpoint for apps (docs/oauth.md). A person's own sign-in has its own,
// POST /api/auth/login: neither takes the other's refresh tokens.
export const POST = defineRoute(
  {
    tag: "OAuth",
    summary: "An app's token endpoint: authorization_code (with PKCE), refresh_token, device_code",
    readsItself: {
      form: z.object({
        grant_type: z.enum(OAUTH_TOKEN_ENDPOINT_GRANTS),
        code: z.string().optional(),
        redirect_uri: z.string().optional(),
        code_verifier: z.string().optional(),
        refresh_token: z.string().optional(),
        device_code: z.string().optional().describe("RFC 8628: the device polls with it"),
        scope: z.string().optional().describe("At refresh: the same scopes or fewer"),
        resource: z.string().optional(),
        client_id: z.string().optional().describe("Public clients; or client_secret_basic"),
        client_secret: z.string().optional().describe("client_secret_post"),
      }),
    },
    responses: {
      200: { description: "The tokens (Cache-Control: no-store)", body: oauthTokenBody },
      400: oauthError(
        "invalid_request, invalid_grant, invalid_scope, unsupported_grant_type; for device_code also authorization_pending, slow_down, access_denied, expired_token",
      ),
      401: oauthError("invalid_client"),
      404: error("The authorization server is off (OAUTH_PROVIDER)"),
      429: oauthError("Past the rate limit: Retry-After says when to try again"),
    },
  },
  async ({ request }) => {
    assertOAuthProviderOn();
    return tokenEndpoint(request);
  },
);

export const OPTIONS = corsPreflight;
