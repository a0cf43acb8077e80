import { notFound, redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { FormAlert } from "@/components/ui/form-alert";
import { getPageSession } from "@/lib/auth/core/page-session";
import {
  type AuthorizationRequest,
  checkAuthorizationRequest,
  oauthProviderOn,
  pageParameters,
} from "@/lib/auth/oauth";
import { HttpError } from "@/lib/http/errors";
import { pageAddress } from "@/lib/http/page-outage";
import { API_SCOPES } from "@/lib/validation/api-scopes";
import { ConsentForm } from "./consent-form";

export const metadata = { title: "Allow access" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * GET /oauth/authorize (docs/oauth.md): an app asks to act for the user. The request is checked
 * (lib/auth/oauth/authorization-request.ts): a wrong client or redirect URI is shown here and
 * never redirected to; any other problem goes back to the app. Then the user signs in (and comes
 * back here), and sees who asks, for what, and where the answer goes. The proxy's CSP
 * (`frame-ancestors 'none'`) and X-Frame-Options keep the page out of any frame, so no other site
 * can lay it under a decoy and have the user click Allow.
 */
export default async function AuthorizePage({ searchParams }: { searchParams: SearchParams }) {
  if (!oauthProviderOn()) notFound();
  const checked = await checkedRequest(await searchParams);
  if (typeof checked === "string") return <Refused message={checked} />;
  const session = await getPageSession();
  if (!session) {
    redirect(`/login?next=${encodeURIComponent(await pageAddress("/oauth/authorize"))}`);
  }
  if (!session.user.emailVerified) {
    return (
      <Refused message="Confirm your email address first (follow the link we sent): giving an app access needs a confirmed address." />
    );
  }
  return <Consent request={checked} email={session.user.email} />;
}

/** The checked request, or what to tell the user; a problem the app must hear is redirected. */
async function checkedRequest(
  search: Record<string, string | string[] | undefined>,
): Promise<AuthorizationRequest | string> {
  let parameters: ReturnType<typeof pageParameters>;
  try {
    parameters = pageParameters(search);
  } catch (error) {
    if (error instanceof HttpError) return error.message;
    throw error;
  }
  const checked = await checkAuthorizationRequest(parameters);
  if (checked.ok) return checked.request;
  if ("page" in checked) return checked.page;
  redirect(checked.redirect);
}

function Refused({ message }: { message: string }) {
  return (
    <AuthCard title="This request cannot go on">
      <FormAlert>{message}</FormAlert>
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
        Nothing was shared. You can close this page and go back to the app.
      </p>
    </AuthCard>
  );
}

function Consent({ request, email }: { request: AuthorizationRequest; email: string }) {
  const { client } = request;
  const destination = new URL(request.redirectUri);
  return (
    <AuthCard
      title={`Allow ${client.name} to use your account?`}
      description={<>Signed in as {email}.</>}
    >
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="font-medium text-slate-700 dark:text-slate-200">Registered by</dt>
          <dd className="text-slate-600 dark:text-slate-400">
            {client.registeredBy
              ? `${client.registeredBy.name || client.registeredBy.email}, a Taskflow user`
              : "The app itself. Nobody here has checked who runs it: allow it only if you started this."}
          </dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700 dark:text-slate-200">Your answer goes to</dt>
          <dd className="break-all text-slate-600 dark:text-slate-400">
            {destination.host || destination.protocol}
          </dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700 dark:text-slate-200">It will be able to</dt>
          <dd>
            <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-600 dark:text-slate-400">
              {request.scopes.map((scope) => (
                <li key={scope}>{API_SCOPES[scope]}</li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
        You can revoke its access at any time in Settings.
      </p>
      <ConsentForm
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
      />
    </AuthCard>
  );
}
