import { findRefreshFamily, revokeFamily } from "../core/refresh";
import { verifyClientAccessToken } from "../tokens/client-tokens";
import { answeredTheOAuthWay, oauthError } from "./errors";
import { authenticatedOAuthRequest } from "./token-endpoint";

/**
 * POST /api/oauth/revoke (RFC 7009): the client, authenticated as at the token endpoint, ends one
 * of its grants by presenting its refresh token or an access token: the grant's session is
 * deleted, so every token of it stops on its next use. 200 whatever the token was (unknown,
 * expired, another client's, which is left alone): the answer says nothing about tokens.
 */
export function revocationEndpoint(request: Request): Promise<Response> {
  return answeredTheOAuthWay(async () => {
    const { form, client } = await authenticatedOAuthRequest(request);
    const token = form.get("token");
    if (!token) throw oauthError("invalid_request", "token is required");
    const access = await verifyClientAccessToken(token);
    const grant = access
      ? access.clientId === client.clientId
        ? access.sid
        : undefined
      : await findRefreshFamily(token, { client: client.id });
    if (grant) await revokeFamily(grant);
    return new Response(null, {
      status: 200,
      headers: { "cache-control": "no-store", pragma: "no-cache" },
    });
  });
}
