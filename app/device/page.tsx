import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { ConsentCard, ConsentRefused } from "@/components/oauth/consent-card";
import { ConsentForm } from "@/components/oauth/consent-form";
import { Field } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/styles";
import { getPageSession } from "@/lib/auth/core/page-session";
import {
  appAccessNeedsProvenAddress,
  type DeviceRequest,
  displayedUserCode,
  findDeviceRequest,
  oauthProviderOn,
  wrongUserCode,
} from "@/lib/auth/oauth";
import { HttpError } from "@/lib/http/errors";
import { pageAddress } from "@/lib/http/page-outage";
import { grantableWorkspaces } from "@/lib/workspaces/app-grants";

export const metadata = { title: "Connect a device" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const ANSWERS = {
  allowed: {
    title: "Your device is connected",
    text: "Go back to your device: it goes on by itself. You can revoke its access at any time in Settings.",
  },
  denied: { title: "Request denied", text: "Nothing was shared. You can close this page." },
} as const;

/**
 * GET /device (RFC 8628 §3.3, docs/oauth.md): where a person types the code a command-line tool
 * shows, after signing in (and coming back here, the code kept), then allows or denies on the
 * authorize page's consent card. A code in the address (`verification_uri_complete`) is only
 * filled in: it is looked up, and counted against the user and the IP, like one typed, and
 * nothing is granted without the Allow button. The proxy's CSP keeps the page out of frames.
 */
export default async function DevicePage({ searchParams }: { searchParams: SearchParams }) {
  if (!oauthProviderOn()) notFound();
  const session = await getPageSession();
  if (!session) redirect(`/login?next=${encodeURIComponent(await pageAddress("/device"))}`);
  if (!session.user.emailVerified)
    return <ConsentRefused message={`${appAccessNeedsProvenAddress().message}.`} />;
  const { answer, user_code: entered } = await searchParams;
  if (answer === "allowed" || answer === "denied") {
    return (
      <AuthCard title={ANSWERS[answer].title}>
        <p className="text-sm text-slate-600 dark:text-slate-400">{ANSWERS[answer].text}</p>
      </AuthCard>
    );
  }
  if (typeof entered !== "string") return <EnterCode />;
  const found = await lookUp(entered, session.user.id);
  if (typeof found === "string") return <EnterCode entered={entered} problem={found} />;
  return (
    <ConsentCard
      client={found.client}
      scopes={found.scopes}
      email={session.user.email}
      details={[
        {
          term: "Check that your device shows this code",
          detail: displayedUserCode(found.userCode),
        },
      ]}
    >
      <ConsentForm
        action="/api/oauth/device"
        fields={{ user_code: found.userCode }}
        workspaces={await grantableWorkspaces(session.scope, found)}
      />
    </ConsentCard>
  );
}

/** The request, or what to tell the user (a wrong or expired code, too many tries). */
async function lookUp(entered: string, userId: string): Promise<DeviceRequest | string> {
  try {
    return (await findDeviceRequest(entered, userId, await headers())) ?? wrongUserCode().message;
  } catch (error) {
    if (error instanceof HttpError) return error.message;
    throw error;
  }
}

function EnterCode({ entered, problem }: { entered?: string; problem?: string }) {
  return (
    <AuthCard
      title="Connect a device"
      description="Enter the code your device or command-line tool shows."
    >
      <form method="get" action="/device" className="space-y-4">
        <Field
          name="user_code"
          label="Code"
          defaultValue={entered}
          placeholder="XXXX-XXXX"
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          maxLength={16}
          required
          autoFocus
          error={problem}
          hint="Capitals, dash and spaces do not matter."
          renderInput={(input) => (
            <input
              {...input}
              className={`${input.className} font-mono uppercase tracking-widest`}
            />
          )}
        />
        <button type="submit" className={`${buttonClass.primary} w-full`}>
          Continue
        </button>
      </form>
    </AuthCard>
  );
}
