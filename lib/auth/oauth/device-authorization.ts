import { appOrigin } from "@/lib/http/protected-resources";
import { jsonNoStore } from "@/lib/http/responses";
import { requestedAccess } from "./authorization-request";
import { clientAuthenticationFailed, enforcePerClientLimit } from "./clients";
import {
  DEVICE_CODE_LIFETIME_SECONDS,
  DEVICE_POLL_INTERVAL_SECONDS,
  issueDeviceCode,
} from "./device-codes";
import { DEVICE_PAGE_PATH } from "./device-consent";
import { displayedUserCode } from "./device-user-code";
import { answeredTheOAuthWay, oauthError } from "./errors";
import { authenticatedOAuthRequest } from "./token-endpoint";

/**
 * POST /api/oauth/device_authorization (RFC 8628 §3.1, §3.2): a command-line tool, authenticated
 * as at the token endpoint (a public client by its client_id), asks for scopes and a resource as
 * an authorization request would, and gets a device code to poll with and a user code for the
 * person to enter at /device. Counted per client IP before anything is read and per client after:
 * each request is a row and a user code. Errors in the OAuth shape, as the token endpoint's.
 *
 * `verification_uri_complete` carries the user code so that a QR code or a link can fill it in;
 * it grants nothing by itself: the page still needs the person's sign-in and their Allow.
 */
export function deviceAuthorizationEndpoint(request: Request): Promise<Response> {
  return answeredTheOAuthWay(async () => {
    const { form, client } = await authenticatedOAuthRequest(request, "oauth-device-ip");
    await enforcePerClientLimit("oauth-device-client", client);
    const access = requestedAccess(form);
    if (!access.ok) throw oauthError(access.error, access.description);
    const { scopes, resource } = access;
    const issued = await issueDeviceCode({ client, scopes, resource });
    if (!issued) throw clientAuthenticationFailed();
    const { deviceCode, userCode } = issued;
    const verificationUri = `${appOrigin()}${DEVICE_PAGE_PATH}`;
    const shown = displayedUserCode(userCode);
    const response = jsonNoStore({
      device_code: deviceCode,
      user_code: shown,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${shown}`,
      expires_in: DEVICE_CODE_LIFETIME_SECONDS,
      interval: DEVICE_POLL_INTERVAL_SECONDS,
    });
    response.headers.set("pragma", "no-cache");
    return response;
  });
}
