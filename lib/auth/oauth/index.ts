/**
 * lib/auth/oauth/: the OAuth 2.1 authorization server (docs/oauth.md), by which other apps and AI
 * agents act for a user with the user's consent. The authorization request and the consent page's
 * answer (authorization code with PKCE S256, exact redirect URIs, `state`), the device
 * authorization grant for command-line tools (RFC 8628: the device's request, the /device page's
 * answer), the token endpoint (authorization_code, refresh_token, device_code) and revocation. A grant is a session row, so its refresh
 * tokens are the app's own refresh families (lib/auth/core/refresh.ts), and its access tokens
 * (lib/auth/tokens/client-tokens.ts) pass the guard only where a route declares a scope the grant
 * holds. Off unless OAUTH_PROVIDER=on.
 */
export {
  type AuthorizationRequest,
  checkAuthorizationRequest,
} from "./authorization-request";
export { answerConsent, appAccessNeedsProvenAddress, type ChooseWorkspace } from "./consent";
export { deviceAuthorizationEndpoint } from "./device-authorization";
export {
  answerDeviceRequest,
  type DeviceRequest,
  findDeviceRequest,
  wrongUserCode,
} from "./device-consent";
export { displayedUserCode } from "./device-user-code";
export { type OAuthParameters, pageParameters, readFormParameters } from "./form";
export { revocationEndpoint } from "./revocation";
export { assertOAuthProviderOn, oauthProviderOn } from "./switch";
export { tokenEndpoint } from "./token-endpoint";
