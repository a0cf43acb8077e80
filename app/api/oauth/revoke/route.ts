import { z } from "zod";
import { assertOAuthProviderOn, revocationEndpoint } from "@/lib/auth/oauth";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { error, oauthError } from "@/lib/openapi/responses";

// RFC 7009, for apps (docs/oauth.md).
export const POST = defineRoute(
  {
    tag: "OAuth",
    summary: "An app revokes its grant with one of its refresh or access tokens (RFC 7009)",
    readsItself: {
      form: z.object({
        token: z.string(),
        token_type_hint: z.enum(["refresh_token", "access_token"]).optional(),
        client_id: z.string().optional(),
        client_secret: z.string().optional(),
      }),
    },
    responses: {
      200: { description: "Revoked, or nothing to revoke: the answer is the same" },
      400: oauthError("invalid_request"),
      401: oauthError("invalid_client"),
      404: error("The authorization server is off (OAUTH_PROVIDER)"),
      429: oauthError("Past the rate limit: Retry-After says when to try again"),
    },
  },
  async ({ request }) => {
    assertOAuthProviderOn();
    return revocationEndpoint(request);
  },
);

export const OPTIONS = corsPreflight;
