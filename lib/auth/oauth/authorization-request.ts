import { appOrigin, protectedResources, resourceUrl } from "@/lib/http/protected-resources";
import { API_SCOPE_NAMES, type ApiScope, isApiScope } from "@/lib/validation/api-scopes";
import { type Client, findClient } from "./clients";
import type { OAuthErrorCode } from "./errors";
import { type OAuthParameters, repeatedParameter } from "./form";
import { CODE_CHALLENGE_SHAPE } from "./pkce";

/**
 * An authorization request (OAuth 2.1 §4.1.1), checked the same way where the consent page shows
 * it and where the consent is posted: the page may have been forged, so the POST trusts nothing
 * the page said.
 *
 * The client and its redirect URI come first, and until both are known nothing is ever sent to
 * the redirect URI: an unknown client, or a redirect URI that is not character for character one
 * the client registered (no trailing-slash, case, port, path or query leniency), is an error page
 * (RFC 6749 §4.1.2.1), since redirecting there would make us an open redirector or hand a code to
 * whoever named their own address; so is either of them sent twice. Only then are the other
 * problems sent back to the client as `error=` on its redirect URI (with `state` and `iss`), never
 * shown on our page, which the app would never hear of: another parameter sent twice, a response
 * type other than `code`, PKCE missing or not S256 (`plain` is a downgrade, refused), no `state`
 * or one too long, a scope we do not have, a resource not ours or more than one.
 */
export type AuthorizationRequest = {
  client: Client;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scopes: ApiScope[];
  resource: string;
};

export type CheckedAuthorization =
  | { ok: true; request: AuthorizationRequest }
  | { ok: false; page: string }
  | { ok: false; redirect: string };

const STATE_MAX_LENGTH = 1024;

/**
 * What an authorization request says (OAuth 2.1 §4.1.1, RFC 8707's `resource`). One of them sent
 * twice is refused; any other parameter is not the request's (RFC 6749 §3.1: ignored here, and on
 * the consent POST the page's own fields, refused when read).
 */
export const AUTHORIZATION_PARAMETERS: readonly string[] = [
  "client_id",
  "redirect_uri",
  "response_type",
  "code_challenge",
  "code_challenge_method",
  "state",
  "scope",
  "resource",
];

export async function checkAuthorizationRequest(
  parameters: OAuthParameters,
): Promise<CheckedAuthorization> {
  const repeated = new Set(
    parameters.repeated.filter((name) => AUTHORIZATION_PARAMETERS.includes(name)),
  );
  if (repeated.has("client_id")) return { ok: false, page: "The request names more than one app." };
  const clientId = parameters.get("client_id");
  const client = clientId ? await findClient(clientId) : undefined;
  if (!client) return { ok: false, page: "This app is not registered here." };
  if (repeated.has("redirect_uri")) {
    return { ok: false, page: "The app named more than one address to return to." };
  }
  const redirectUri = parameters.get("redirect_uri");
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return { ok: false, page: "The app asked to return to an address it did not register." };
  }
  // A repeated state is not echoed: which one the app would be matching is anyone's guess.
  const state = repeated.has("state") ? undefined : parameters.get("state");
  const refuse = (error: OAuthErrorCode, description: string) => ({
    ok: false as const,
    redirect: authorizationResponse(redirectUri, { error, error_description: description, state }),
  });
  const [firstRepeated] = repeated;
  if (firstRepeated !== undefined) {
    const { error, description } = repeatedParameter(firstRepeated);
    return refuse(error, description);
  }
  const responseType = parameters.get("response_type");
  if (!responseType) return refuse("invalid_request", "response_type is required: code");
  if (responseType !== "code") {
    return refuse("unsupported_response_type", "response_type must be code");
  }
  const challenge = parameters.get("code_challenge");
  if (parameters.get("code_challenge_method") !== "S256" || !challenge) {
    return refuse("invalid_request", "PKCE is required, with code_challenge_method=S256");
  }
  if (!CODE_CHALLENGE_SHAPE.test(challenge)) {
    return refuse("invalid_request", "code_challenge is not an S256 challenge");
  }
  if (!state || state.length > STATE_MAX_LENGTH)
    return refuse("invalid_request", `state is required, at most ${STATE_MAX_LENGTH} characters`);
  const access = requestedAccess(parameters);
  if (!access.ok) return refuse(access.error, access.description);
  const { scopes, resource } = access;
  return {
    ok: true,
    request: { client, redirectUri, state, codeChallenge: challenge, scopes, resource },
  };
}

/**
 * What a request (for a code, or a device code) asks access to: scopes of ours, and one resource
 * of ours (the task API unless named), or the OAuth error that refuses them.
 */
export function requestedAccess(
  parameters: OAuthParameters,
):
  | { ok: true; scopes: ApiScope[]; resource: string }
  | { ok: false; error: OAuthErrorCode; description: string } {
  const scopes = requestedScopes(parameters.get("scope"));
  if (!scopes) {
    return {
      ok: false,
      error: "invalid_scope",
      description: `Scopes are: ${API_SCOPE_NAMES.join(" ")}`,
    };
  }
  const resource = parameters.get("resource") ?? resourceUrl("tasks");
  if (!protectedResources().includes(resource)) return { ok: false, ...FOREIGN_RESOURCE };
  return { ok: true, scopes, resource };
}

/** RFC 8707 §2: a `resource` that names none of ours, at authorization or at the token endpoint. */
export const FOREIGN_RESOURCE = {
  error: "invalid_target",
  description: "resource names no resource of this server",
} as const;

/**
 * The scopes a `scope` parameter asks for, each one of ours, or undefined when any is not. A
 * request without one asks for every scope; the consent page lists each for the user to see.
 */
export function requestedScopes(scope: string | undefined): ApiScope[] | undefined {
  if (scope === undefined) return [...API_SCOPE_NAMES];
  const words = [...new Set(scope.split(" ").filter(Boolean))];
  if (words.length === 0) return undefined;
  return words.every(isApiScope) ? words : undefined;
}

/**
 * The redirect URI with the answer's parameters added to its own query, and `iss` (RFC 9207), by
 * which a client that talks to several servers knows this answer came from us (mix-up attacks).
 */
export function authorizationResponse(
  redirectUri: string,
  parameters: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  url.searchParams.set("iss", appOrigin());
  return url.toString();
}
