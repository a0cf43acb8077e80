import { getEnv } from "@/lib/env";
import { HttpError } from "./errors";
import { type ResourceName, resourceMetadataUrl } from "./protected-resources";

/**
 * The `WWW-Authenticate` header of a 401 on a bearer-protected endpoint (RFC 6750 §3): the plain
 * challenge when the request carried no token, `error="invalid_token"` when it carried one that
 * failed (expired, revoked, malformed, for another resource), so a client can tell "refresh" from
 * "sign in". With the authorization server on (OAUTH_PROVIDER), it also names the resource's
 * RFC 9728 metadata, where an app finds how to get a token (`resource`: the task API unless said).
 */
export function bearerChallenge(
  tokenPresented: boolean,
  resource: ResourceName = "tasks",
): Record<string, string> {
  const parameters = ['realm="taskflow"'];
  if (tokenPresented) parameters.push('error="invalid_token"');
  if (getEnv().OAUTH_PROVIDER)
    parameters.push(`resource_metadata="${resourceMetadataUrl(resource)}"`);
  return { "www-authenticate": `Bearer ${parameters.join(", ")}` };
}

/**
 * The 401 of a request without a usable access token (lib/auth/core/guard.ts `unauthenticated`).
 */
export function unauthenticatedError(
  tokenPresented: boolean,
  resource: ResourceName = "tasks",
): HttpError {
  return new HttpError(401, "unauthenticated", "Sign in to continue", {
    headers: bearerChallenge(tokenPresented, resource),
  });
}

/** A credential that acts for a user without being their sign-in. */
export type DelegatedCredential = "api-key" | "app";

const NOT_ACCEPTED = {
  "api-key": ["api_key_not_accepted", "API keys cannot call this endpoint: sign in instead"],
  app: ["app_token_not_accepted", "Tokens issued to apps cannot call this endpoint"],
} as const;

/**
 * 403 for a credential that is valid but may not do this (RFC 6750 §3.1): an API key or an app's
 * token without the scope the route needs, which the challenge names, or (no scope) on a route
 * that takes no such credential.
 */
export function insufficientScopeError(
  scope: string | undefined,
  credential: DelegatedCredential,
): HttpError {
  const [code, message, challenge] = scope
    ? ["insufficient_scope", `This credential lacks the scope ${scope}`, `, scope="${scope}"`]
    : [...NOT_ACCEPTED[credential], ""];
  return new HttpError(403, code, message, {
    headers: {
      "www-authenticate": `Bearer realm="taskflow", error="insufficient_scope"${challenge}`,
    },
  });
}
