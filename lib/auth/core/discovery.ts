import { getEnv } from "@/lib/env";
import { tokenIssuer } from "../tokens/tokens";
import { TOKEN_ENDPOINT_GRANTS } from "./token-grants";

/**
 * What other services need to verify our tokens, at the RFC 8414 / RFC 7517 addresses. Public
 * and the same for everybody: caches may keep it five minutes, and serve it stale for a day
 * while they fetch a new copy (a verifier that cannot reach us keeps working). Five minutes is
 * also how long a newly published JWT_SIGNING_KEY_NEXT takes to reach every cache, well within
 * the rotation runbook's wait (docs/features.md).
 */
export const DISCOVERY_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400";

/**
 * RFC 8414 authorization server metadata (`GET /.well-known/oauth-authorization-server`), in
 * ES256 mode only. In HS256 mode nobody but us can verify a token (there are no public keys) and
 * its issuer is `taskflow`, not the URL RFC 8414 requires: there is no honest document to serve.
 */
export function authorizationServerMetadata() {
  if (getEnv().JWT_ALGORITHM !== "ES256") return undefined;
  const origin = new URL(getEnv().BETTER_AUTH_URL).origin;
  return {
    issuer: tokenIssuer(),
    jwks_uri: `${origin}/.well-known/jwks.json`,
    token_endpoint: `${origin}/api/auth/login`,
    token_endpoint_auth_methods_supported: ["none"],
    grant_types_supported: [...TOKEN_ENDPOINT_GRANTS],
    // RFC 8414 requires the member; there is no authorization endpoint, hence no response type.
    response_types_supported: [],
    introspection_endpoint: `${origin}/api/auth/introspect`,
    introspection_endpoint_auth_methods_supported: ["client_secret_basic"],
  };
}
