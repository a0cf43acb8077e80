import { assertOAuthProviderOn } from "@/lib/auth/oauth";
import {
  registrationBody,
  registrationEndpoint,
  registrationRequest,
} from "@/lib/auth/oauth/registration";
import { corsPreflight } from "@/lib/http/cors";
import { defineRoute } from "@/lib/http/define-route";
import { error, oauthError } from "@/lib/openapi/responses";

// RFC 7591. Read by the endpoint rather than by the contract's `body`: a refusal names RFC 7591's
// codes in its shape.
export const POST = defineRoute(
  {
    tag: "OAuth",
    summary: "Register a public OAuth client (RFC 7591 dynamic registration)",
    readsItself: { body: registrationRequest },
    responses: {
      201: { description: "The client as registered", body: registrationBody },
      400: oauthError(
        "`invalid_redirect_uri` or `invalid_client_metadata` (RFC 7591 §3.2.2); `error_description` names each field that failed",
      ),
      404: error("OAUTH_PROVIDER is off"),
      429: oauthError("Past the rate limit: Retry-After says when to try again"),
    },
  },
  async ({ request }) => {
    assertOAuthProviderOn();
    return registrationEndpoint(request);
  },
);

export const OPTIONS = corsPreflight;
