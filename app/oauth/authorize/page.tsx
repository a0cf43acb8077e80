import { notFound, redirect } from "next/navigation";
import { ConsentCard, ConsentRefused } from "@/components/oauth/consent-card";
import { ConsentForm } from "@/components/oauth/consent-form";
import { getPageSession } from "@/lib/auth/core/page-session";
import {
  type AuthorizationRequest,
  appAccessNeedsProvenAddress,
  checkAuthorizationRequest,
  oauthProviderOn,
  pageParameters,
} from "@/lib/auth/oauth";
import { pageAddress } from "@/lib/http/page-outage";
import type { GrantableWorkspace } from "@/lib/workspaces/app-grant-choice";
import { grantableWorkspaces } from "@/lib/workspaces/app-grants";

export const metadata = { title: "Allow access" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * GET /oauth/authorize (docs/oauth.md): an app asks to act for the user. The request is checked
 * (lib/auth/oauth/authorization-request.ts): a wrong client or redirect URI is shown here and
 * never redirected to; any other problem goes back to the app. Then the user signs in (and comes
 * back here), and sees who asks, for what, and where the answer goes, and chooses which tasks
 * the app may use: their personal tasks or one shared workspace's (docs/oauth.md). The proxy's CSP
 * (`frame-ancestors 'none'`) and X-Frame-Options keep the page out of any frame, so no other site
 * can lay it under a decoy and have the user click Allow.
 */
export default async function AuthorizePage({ searchParams }: { searchParams: SearchParams }) {
  if (!oauthProviderOn()) notFound();
  const checked = await checkedRequest(await searchParams);
  if (typeof checked === "string") return <ConsentRefused message={checked} />;
  const session = await getPageSession();
  if (!session) {
    redirect(`/login?next=${encodeURIComponent(await pageAddress("/oauth/authorize"))}`);
  }
  if (!session.user.emailVerified) {
    return <ConsentRefused message={`${appAccessNeedsProvenAddress().message}.`} />;
  }
  const workspaces = await grantableWorkspaces(session.scope, checked);
  return <Consent request={checked} email={session.user.email} workspaces={workspaces} />;
}

/** The checked request, or what to tell the user; a problem the app must hear is redirected. */
async function checkedRequest(
  search: Record<string, string | string[] | undefined>,
): Promise<AuthorizationRequest | string> {
  const checked = await checkAuthorizationRequest(pageParameters(search));
  if (checked.ok) return checked.request;
  if ("page" in checked) return checked.page;
  redirect(checked.redirect);
}

function Consent({
  request,
  email,
  workspaces,
}: {
  request: AuthorizationRequest;
  email: string;
  workspaces: GrantableWorkspace[];
}) {
  const { client } = request;
  const destination = new URL(request.redirectUri);
  return (
    <ConsentCard
      client={client}
      scopes={request.scopes}
      email={email}
      details={[{ term: "Your answer goes to", detail: destination.host || destination.protocol }]}
    >
      <ConsentForm
        action="/api/oauth/authorize"
        fields={{
          client_id: client.clientId,
          redirect_uri: request.redirectUri,
          response_type: "code",
          code_challenge: request.codeChallenge,
          code_challenge_method: "S256",
          state: request.state,
          scope: request.scopes.join(" "),
          resource: request.resource,
        }}
        workspaces={workspaces}
      />
    </ConsentCard>
  );
}
