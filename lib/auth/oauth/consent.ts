import type { UserProfile } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { jsonNoStore } from "@/lib/http/responses";
import { enforceRateLimit } from "@/lib/rate-limit";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { addressNotProven } from "../account/proven-address";
import { recordSecurityEvent } from "../account/security-events";
import { authorizationResponse, checkAuthorizationRequest } from "./authorization-request";
import { issueCode } from "./codes";
import type { OAuthParameters } from "./form";

/**
 * A grant outlives a password reset's reach as a passkey does: an account whose address is not
 * proven (docs/architecture.md, "Who owns an account") may be a stranger's, and grants nothing.
 */
export const appAccessNeedsProvenAddress = (): HttpError =>
  addressNotProven("giving an app access needs a confirmed address");

/**
 * The workspace a user chose for a grant (docs/oauth.md, "Grants for a workspace"), checked
 * against their memberships by the caller's workspace layer: null for their personal tasks; it
 * throws for a workspace they may not give the app.
 */
export type ChooseWorkspace = (requested: {
  scopes: readonly ApiScope[];
  resource: string;
}) => Promise<string | null>;

/**
 * The signed-in user's answer on the consent page (POST /api/oauth/authorize): the authorization
 * request is checked again from scratch (the page's fields are the user's browser's, not ours),
 * then Deny sends `access_denied` back to the app, and Allow issues a code (./codes.ts) for the
 * workspace the user chose (`chooseWorkspace`) and records the grant as a security event. A request whose client or redirect URI is wrong is a
 * 400 here, never a redirect.
 *
 * The answer is a 303 to the redirect URI; a script asking for JSON gets `{ redirectTo }`
 * instead, for the consent page to navigate to itself: browsers that hold a form's navigation to
 * the page's CSP `form-action` would stop a 303 to the app's own address.
 */
export async function answerConsent(
  request: Request,
  user: UserProfile,
  form: OAuthParameters,
  chooseWorkspace: ChooseWorkspace,
): Promise<Response> {
  const checked = await checkAuthorizationRequest(form);
  if (!checked.ok && "page" in checked) throw refusedRequest(checked.page);
  if (!checked.ok) return sendBack(request, checked.redirect);
  if (!user.emailVerified) throw appAccessNeedsProvenAddress();
  const { redirectUri, state } = checked.request;
  if (consentDecision(form) === "deny") {
    return sendBack(request, authorizationResponse(redirectUri, { error: "access_denied", state }));
  }
  await enforceRateLimit("oauth-authorize-user", user.id);
  const workspaceId = await chooseWorkspace(checked.request);
  const code = await issueCode(checked.request, user.id, workspaceId);
  if (!code) throw refusedRequest("The app, or the workspace you chose, no longer exists.");
  await recordSecurityEvent("oauth_grant_created", user.id, request.headers);
  return sendBack(request, authorizationResponse(redirectUri, { code, state }));
}

/** A refusal on our page, never sent to the app: an unknown app or redirect URI, or one gone. */
const refusedRequest = (problem: string) =>
  new HttpError(400, "invalid_authorization_request", problem);

/** The button the user pressed on a consent page: Allow or Deny, nothing else. */
export function consentDecision(form: OAuthParameters): "allow" | "deny" {
  const decision = form.get("decision");
  if (decision === "allow" || decision === "deny") return decision;
  throw new HttpError(400, "validation_error", "decision is allow or deny", {
    fields: { decision: ["Choose Allow or Deny"] },
  });
}

/** Where the consent page goes next: a 303 there, or `{ redirectTo }` to a script. */
export function sendBack(request: Request, location: string): Response {
  if (request.headers.get("accept")?.includes("application/json")) {
    return jsonNoStore({ redirectTo: location });
  }
  return new Response(null, {
    status: 303,
    headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
}
