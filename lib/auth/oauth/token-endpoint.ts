import { clientAddress, clientIp } from "@/lib/http/client-ip";
import { protectedResources } from "@/lib/http/protected-resources";
import { enforceRateLimit, type RateLimitName } from "@/lib/rate-limit";
import type { ApiScope } from "@/lib/validation/api-scopes";
import type { RequestOrigin } from "../core/refresh";
import { exchangeRefreshToken } from "../core/refresh-exchange";
import { DEVICE_CODE_GRANT, OAUTH_TOKEN_ENDPOINT_GRANTS } from "../core/token-grants";
import { FOREIGN_RESOURCE, requestedScopes } from "./authorization-request";
import { authenticateClient, type Client } from "./clients";
import { redeemCode } from "./codes";
import { redeemDeviceCode } from "./device-codes";
import { answeredTheOAuthWay, oauthError } from "./errors";
import { type OAuthParameters, readOAuthForm } from "./form";
import { grantTokenResponse, type NewGrant } from "./grants";

/**
 * POST /api/oauth/token (OAuth 2.1 §3.2): counted per client IP before anything is read, the
 * client authenticated (./clients.ts), then its grant. Never sets a cookie: an app's tokens are
 * for the app, in the body only.
 */
export function tokenEndpoint(request: Request): Promise<Response> {
  return answeredTheOAuthWay(async () => {
    const { form, client, origin } = await authenticatedOAuthRequest(request);
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") return authorizationCodeGrant(client, form, origin);
    if (grantType === "refresh_token") return refreshTokenGrant(client, form, origin);
    if (grantType === DEVICE_CODE_GRANT) return deviceCodeGrant(client, form, origin);
    throw oauthError(
      "unsupported_grant_type",
      `grant_type is one of: ${OAUTH_TOKEN_ENDPOINT_GRANTS.join(", ")}`,
    );
  });
}

/**
 * The form and the authenticated client of a token, revocation or device authorization request,
 * counted per client IP under `ipLimit` before anything is read.
 */
export async function authenticatedOAuthRequest(
  request: Request,
  ipLimit: RateLimitName = "oauth-token-ip",
) {
  await enforceRateLimit(ipLimit, clientIp(request));
  const form = await readOAuthForm(request);
  const client = await authenticateClient(request, form);
  const origin: RequestOrigin = {
    ipAddress: clientAddress(request),
    userAgent: request.headers.get("user-agent"),
  };
  return { form, client, origin };
}

async function authorizationCodeGrant(
  client: Client,
  form: OAuthParameters,
  origin: RequestOrigin,
) {
  const code = form.get("code");
  if (!code) throw oauthError("invalid_request", "code is required");
  const grant = await redeemCode(
    client,
    {
      code,
      redirectUri: form.get("redirect_uri"),
      verifier: form.get("code_verifier"),
      resource: presentedResource(form),
    },
    origin,
  );
  return firstTokenResponse(grant);
}

/**
 * The `resource` a token request names, if any: one that names no resource of ours is
 * `invalid_target` whatever the grant, before the grant is touched; which of ours it may name is
 * the grant's to say.
 */
function presentedResource(form: OAuthParameters): string | undefined {
  const resource = form.get("resource");
  if (resource !== undefined && !protectedResources().includes(resource)) {
    throw oauthError(FOREIGN_RESOURCE.error, FOREIGN_RESOURCE.description);
  }
  return resource;
}

/** RFC 8628 §3.4: the device polls; until the user has allowed, the answer says why not. */
async function deviceCodeGrant(client: Client, form: OAuthParameters, origin: RequestOrigin) {
  const deviceCode = form.get("device_code");
  if (!deviceCode) throw oauthError("invalid_request", "device_code is required");
  return firstTokenResponse(await redeemDeviceCode(client, deviceCode, origin));
}

/** A new grant's first tokens: its access token and the first of its refresh family. */
function firstTokenResponse(grant: NewGrant) {
  return grantTokenResponse(grant, grant.scopes, grant.refreshToken);
}

/**
 * The refresh token's own rotation (lib/auth/core/refresh.ts), held by this client: another
 * client's refresh token, or one of a person's own sign-in, is `invalid_grant` and left as it was.
 * `scope` may narrow the new access token, never widen it; `resource` may only repeat the grant's.
 */
async function refreshTokenGrant(client: Client, form: OAuthParameters, origin: RequestOrigin) {
  const presented = form.get("refresh_token");
  if (!presented) throw oauthError("invalid_request", "refresh_token is required");
  const resource = presentedResource(form);
  const scope = form.get("scope");
  const scopes = scope === undefined ? undefined : requestedScopes(scope);
  if (scope !== undefined && !scopes) {
    throw oauthError("invalid_scope", "scope names a scope we do not have");
  }
  const rotation = await exchangeRefreshToken(
    presented,
    { client: client.id, scopes, resource },
    origin,
  );
  if (!rotation.ok) {
    if (rotation.reason === "scope_not_granted") {
      throw oauthError("invalid_scope", "A refresh may not ask for more than the grant's scopes");
    }
    if (rotation.reason === "resource_not_granted") {
      throw oauthError("invalid_target", "resource differs from the grant's");
    }
    throw oauthError("invalid_grant", "The refresh token is invalid, expired or revoked");
  }
  const grant = {
    sessionId: rotation.sessionId,
    userId: rotation.user.id,
    client,
    // A family held by a client is a grant: its columns are set (session_grant_check).
    scopes: rotation.scopes as ApiScope[],
    resource: rotation.resource as string,
    workspaceId: rotation.workspaceId,
  };
  return grantTokenResponse(grant, scopes ?? grant.scopes, rotation.refreshToken);
}
