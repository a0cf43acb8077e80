/**
 * The grants the token endpoint (POST /api/auth/login) takes: what its body reader accepts
 * (./credentials.ts) and what its RFC 8414 metadata lists (./discovery.ts).
 */
export const TOKEN_ENDPOINT_GRANTS = ["password", "refresh_token"] as const;

/** The grants an app may use at the OAuth token endpoint (POST /api/oauth/token, docs/oauth.md). */
export const OAUTH_TOKEN_ENDPOINT_GRANTS = ["authorization_code", "refresh_token"] as const;
