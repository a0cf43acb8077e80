/**
 * The grants the token endpoint (POST /api/auth/login) takes: what its body reader accepts
 * (./credentials.ts) and what its RFC 8414 metadata lists (./discovery.ts).
 */
export const TOKEN_ENDPOINT_GRANTS = ["password", "refresh_token"] as const;

/** RFC 8628 §3.4: the grant type of a device's token request. */
export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** The grants an app may use at the OAuth token endpoint (POST /api/oauth/token, docs/oauth.md). */
export const OAUTH_TOKEN_ENDPOINT_GRANTS = [
  "authorization_code",
  "refresh_token",
  DEVICE_CODE_GRANT,
] as const;
