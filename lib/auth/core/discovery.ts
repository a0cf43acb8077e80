import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { appOrigin, type ResourceName, resourceUrl } from "@/lib/http/protected-resources";
import { API_SCOPE_NAMES } from "@/lib/validation/api-scopes";
import { tokenIssuer } from "../tokens/tokens";
import { OAUTH_TOKEN_ENDPOINT_GRANTS, TOKEN_ENDPOINT_GRANTS } from "./token-grants";

/**
 * What other services need to verify our tokens, at the RFC 8414 / RFC 7517 addresses. Public
 * and the same for everybody: caches may keep it five minutes, and serve it stale for a day
 * while they fetch a new copy (a verifier that cannot reach us keeps working). Five minutes is
 * also how long a newly published JWT_SIGNING_KEY_NEXT takes to reach every cache, well within
 * the rotation runbook's wait (docs/features.md).
 */
export const DISCOVERY_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400";

/**
 * RFC 8414 authorization server metadata (`GET /.well-known/oauth-authorization-server`).
 *
 * With the authorization server on (OAUTH_PROVIDER, docs/oauth.md) it describes that server, in
 * both signing modes: apps need its endpoints whether or not they can verify a token themselves,
 * and its issuer is the origin, which every app's token names (`iss`) and every authorization
 * response repeats (RFC 9207).
 *
 * Otherwise in ES256 mode only. In HS256 mode nobody but us can verify a token (there are no
 * public keys) and its issuer is `taskflow`, not the URL RFC 8414 requires: there is no honest
 * document to serve.
 */
export function authorizationServerMetadata() {
  const env = getEnv();
  if (env.OAUTH_PROVIDER) return oauthProviderMetadata();
  if (env.JWT_ALGORITHM !== "ES256") return undefined;
  const origin = appOrigin();
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

function oauthProviderMetadata() {
  const origin = appOrigin();
  const clientAuthentication = ["client_secret_basic", "client_secret_post", "none"];
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/oauth/authorize`,
    token_endpoint: `${origin}/api/oauth/token`,
    token_endpoint_auth_methods_supported: clientAuthentication,
    revocation_endpoint: `${origin}/api/oauth/revoke`,
    revocation_endpoint_auth_methods_supported: clientAuthentication,
    registration_endpoint: `${origin}/api/oauth/register`,
    // RFC 8628 §4: where a command-line tool starts the device flow.
    device_authorization_endpoint: `${origin}/api/oauth/device_authorization`,
    introspection_endpoint: `${origin}/api/auth/introspect`,
    introspection_endpoint_auth_methods_supported: ["client_secret_basic"],
    ...(getEnv().JWT_ALGORITHM === "ES256" && { jwks_uri: `${origin}/.well-known/jwks.json` }),
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: [...OAUTH_TOKEN_ENDPOINT_GRANTS],
    code_challenge_methods_supported: ["S256"],
    scopes_supported: [...API_SCOPE_NAMES],
    authorization_response_iss_parameter_supported: true,
  };
}

const RESOURCE_NAMES: Record<ResourceName, string> = {
  tasks: "Taskflow task API",
  mcp: "Taskflow MCP server",
};

/**
 * RFC 9728 protected resource metadata (`/.well-known/oauth-protected-resource` for the task API,
 * `…/api/mcp` for the MCP endpoint): where an app that met a 401 (its `resource_metadata`, from
 * lib/http/bearer-challenge.ts) finds the authorization server. Only with OAUTH_PROVIDER on.
 */
export function protectedResourceMetadata(name: ResourceName) {
  if (!getEnv().OAUTH_PROVIDER) return undefined;
  return {
    resource: resourceUrl(name),
    resource_name: RESOURCE_NAMES[name],
    authorization_servers: [appOrigin()],
    scopes_supported: [...API_SCOPE_NAMES],
    bearer_methods_supported: ["header"],
  };
}

/** The answer of a metadata address: the document, cacheable, or 404 when there is none. */
export function discoveryAnswer(document: object | undefined): Response {
  if (!document) throw new HttpError(404, "not_found", "Not found");
  return Response.json(document, { headers: { "cache-control": DISCOVERY_CACHE_CONTROL } });
}
