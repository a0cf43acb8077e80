import * as oidc from "openid-client";

/**
 * An authorization request as openid-client builds it for a public app: PKCE S256, a fresh
 * state, the tasks scopes unless `extra` names others, back to `redirectUri`. With the verifier
 * and the state its callback is redeemed with.
 */
export async function authorizationRequestOf(
  config: oidc.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "tasks:read tasks:write",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    ...extra,
  });
  return { url, verifier, state };
}

/**
 * openid-client's configuration of a public app (`client_id` alone) from `origin`'s RFC 8414
 * metadata, over the plain http a test server answers on.
 */
export const publicAppConfig = (origin: string, clientId: string) =>
  oidc.discovery(new URL(origin), clientId, undefined, oidc.None(), {
    algorithm: "oauth2",
    execute: [oidc.allowInsecureRequests],
  });
