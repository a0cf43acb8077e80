import { HttpError } from "@/lib/http/errors";
import { jsonNoStore } from "@/lib/http/responses";

/**
 * The error codes of RFC 6749 §5.2 (token endpoint), §4.1.2.1 (authorization response), RFC 8707
 * §2 (`invalid_target`), RFC 8628 §3.5 (the device flow's polling answers) and RFC 7591 §3.2.2
 * (registration): what an OAuth client library reads and acts on.
 */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_target"
  | "access_denied"
  | "unsupported_response_type"
  | "unsupported_token_type"
  | "authorization_pending"
  | "slow_down"
  | "expired_token"
  | "invalid_redirect_uri"
  | "invalid_client_metadata";

export const oauthError = (
  code: OAuthErrorCode,
  message: string,
  status = code === "invalid_client" ? 401 : 400,
  headers?: HeadersInit,
) => new HttpError(status, code, message, { headers });

/**
 * The token, revocation and registration endpoints answer errors in the shape of RFC 6749 §5.2
 * (RFC 7591 §3.2.2 repeats it), `{ error, error_description }`, not the app's `{ error: { code,
 * message } }`: the clients of these endpoints are OAuth libraries written elsewhere, which read
 * `error` as a string and decide on it (refresh, register again or start over). Any HttpError thrown on the way (a rate limit's 429 included) keeps
 * its status, headers and code. Never stored by a cache (RFC 6749 §5.1).
 */
export function oauthErrorResponse(error: HttpError): Response {
  const response = jsonNoStore(
    { error: error.code, error_description: error.message },
    { status: error.status, headers: error.options.headers },
  );
  response.headers.set("pragma", "no-cache");
  return response;
}

/** Runs an OAuth endpoint's work, answering its HttpErrors in the OAuth shape. */
export async function answeredTheOAuthWay(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError) return oauthErrorResponse(error);
    throw error;
  }
}
