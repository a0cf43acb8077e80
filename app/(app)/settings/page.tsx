import { cookies } from "next/headers";
import { AppShell } from "@/components/app-shell";
import { ApiKeySettings } from "@/components/settings/api-keys/api-key-settings";
import { ConfirmEmailFirst } from "@/components/settings/confirm-email-first";
import { ConnectedAccounts } from "@/components/settings/connected-accounts";
import { AppGrants } from "@/components/settings/connected-apps/app-grants";
import { DeleteAccount } from "@/components/settings/delete-account";
import { EmailSettings } from "@/components/settings/email-settings";
import { DeveloperApps } from "@/components/settings/oauth-apps/developer-apps";
import { PasskeySettings } from "@/components/settings/passkeys/passkey-settings";
import { PasswordForm } from "@/components/settings/password-form";
import { ProfileForm } from "@/components/settings/profile-form";
import { SettingsSection } from "@/components/settings/section";
import { SecurityActivity } from "@/components/settings/security-activity";
import { SessionsList } from "@/components/settings/sessions-list";
import { SetPassword } from "@/components/settings/set-password";
import { SettingsNav } from "@/components/settings/settings-nav";
import { ThemeSwitch } from "@/components/settings/theme-switch";
import { TwoFactorSettings } from "@/components/settings/two-factor/two-factor-settings";
import { SignOutButton } from "@/components/sign-out-button";
import { FormAlert } from "@/components/ui/form-alert";
import { buttonClass } from "@/components/ui/styles";
import { recentSecurityActivity } from "@/lib/auth/account/security-events";
import { listSessions } from "@/lib/auth/account/sessions";
import { listApiKeys } from "@/lib/auth/api-keys/index";
import { listGrants } from "@/lib/auth/connected-apps/index";
import { lacksRequiredSecondFactor } from "@/lib/auth/core/admin-requirement";
import { requirePageSession } from "@/lib/auth/core/page-session";
import { listClients } from "@/lib/auth/oauth/owned-clients";
import { secondFactorsOf } from "@/lib/auth/second-factor/current-factor";
import { providerErrorMessage } from "@/lib/auth/sso/callback-errors";
import { configuredProviders } from "@/lib/auth/sso/providers";
import { signInMethodsOf } from "@/lib/auth/sso/sign-in-methods";
import { getEnv } from "@/lib/env";
import { toJson } from "@/lib/http/json";
import { loadOrRetryPage } from "@/lib/http/page-outage";
import { parseTheme, THEME_COOKIE } from "@/lib/preferences/theme";

export const metadata = { title: "Settings" };

type SearchParams = Promise<{ error?: string | string[] }>;

export default async function SettingsPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePageSession("/settings");
  const env = getEnv();
  // One after the other (an object's values are computed in order): the embedded database's one
  // backend shares the unnamed statement.
  const { sessions, activity, methods, lacksSecondFactor, secondFactors, apiKeys, grants, apps } =
    await loadOrRetryPage("/settings", async () => ({
      sessions: toJson(await listSessions(session)),
      activity: toJson(await recentSecurityActivity(session.user.id)),
      methods: await signInMethodsOf(session.user.id),
      lacksSecondFactor: await lacksRequiredSecondFactor(session.user),
      secondFactors: await secondFactorsOf(session.user.id),
      apiKeys: env.API_KEYS ? toJson(await listApiKeys(session.user.id)) : [],
      grants: env.OAUTH_PROVIDER ? toJson(await listGrants(session.user.id)) : [],
      apps: env.OAUTH_PROVIDER ? toJson(await listClients(session.user.id)) : [],
    }));
  const providers = configuredProviders(env);
  // An unconfirmed address adds no durable credential (docs/architecture.md, "Who owns an
  // account"): the server refuses, and the page says why instead of offering it.
  const proven = session.user.emailVerified;
  return (
    <AppShell session={session} current="/settings">
      <h1 className="text-2xl font-bold tracking-tight">Settings</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Your profile, your password, and where you’re signed in.
      </p>
      {/* At the top, where every way of arriving here lands (REQUIRE_ADMIN_2FA sends such an
          admin here from every other page): the section itself is below the fold. */}
      {lacksSecondFactor && (
        <div className="mt-6">
          <FormAlert>
            Administrators must use a second factor. Until you add one, Settings is the only page
            you can open: set up{" "}
            <a href="#two-factor" className="font-medium underline">
              an authenticator app
            </a>{" "}
            or{" "}
            <a href="#passkeys" className="font-medium underline">
              a passkey
            </a>{" "}
            below.
          </FormAlert>
        </div>
      )}
      <div className="mt-8 gap-8 lg:grid lg:grid-cols-[11rem_minmax(0,1fr)]">
        <SettingsNav
          withProviders={providers.length > 0}
          withOauthApps={env.OAUTH_PROVIDER}
          withApiKeys={env.API_KEYS}
        />
        <div className="mt-6 space-y-6 lg:mt-0">
          <SettingsSection id="profile" title="Profile" description="The name we greet you with.">
            <ProfileForm name={session.user.name} />
          </SettingsSection>
          <SettingsSection
            id="email"
            title="Email"
            description="Where we send sign-in and security mail."
          >
            <EmailSettings email={session.user.email} verified={session.user.emailVerified} />
          </SettingsSection>
          <SettingsSection
            id="password"
            title="Password"
            description="Use a password you don’t use anywhere else."
          >
            {methods.hasPassword ? <PasswordForm /> : <SetPassword email={session.user.email} />}
          </SettingsSection>
          {providers.length > 0 && (
            <SettingsSection
              id="connected-accounts"
              title="Connected accounts"
              description="Sign in with these instead of your password. Their email must match yours."
            >
              <ConnectedAccounts
                providers={providers}
                methods={toJson(methods)}
                error={providerErrorMessage((await searchParams).error)}
                canConnect={proven}
              />
            </SettingsSection>
          )}
          <SettingsSection
            id="two-factor"
            title="Two-factor authentication"
            description="A code from an authenticator app at every sign-in, so a stolen password is not enough."
          >
            {proven || session.user.twoFactorEnabled ? (
              <TwoFactorSettings enabled={session.user.twoFactorEnabled} />
            ) : (
              <ConfirmEmailFirst what="an authenticator app" />
            )}
          </SettingsSection>
          <SettingsSection
            id="passkeys"
            title="Passkeys"
            description="Sign in with your fingerprint, face or device PIN instead of a password and a code."
          >
            <PasskeySettings canAdd={proven} />
          </SettingsSection>
          {(env.OAUTH_PROVIDER || env.API_KEYS) && (
            <SettingsSection
              id="connected-apps"
              title="Connected apps"
              description="Apps you let act for you, and your API keys for scripts: what each may do and when it was last used. Revoke any you no longer use."
            >
              <div className="space-y-8">
                {env.OAUTH_PROVIDER && (
                  <div>
                    <h3 className="mb-3 text-sm font-semibold">Apps</h3>
                    <AppGrants initial={grants} />
                  </div>
                )}
                {env.API_KEYS && (
                  <div id="api-keys" className="scroll-mt-6">
                    <h3 className="mb-3 text-sm font-semibold">API keys</h3>
                    {proven || apiKeys.length > 0 ? (
                      <ApiKeySettings initial={apiKeys} />
                    ) : (
                      <ConfirmEmailFirst what="an API key" />
                    )}
                  </div>
                )}
              </div>
            </SettingsSection>
          )}
          {env.OAUTH_PROVIDER && (
            <SettingsSection
              id="developer-apps"
              title="Developer apps"
              description="Apps you build that ask people, you included, for access to their tasks. Each person decides on a consent page, and can revoke it."
            >
              {proven || apps.length > 0 ? (
                <DeveloperApps initial={apps} />
              ) : (
                <ConfirmEmailFirst what="an app" />
              )}
            </SettingsSection>
          )}
          <SettingsSection
            id="sessions"
            title="Active sessions"
            description="Every browser and device signed in to your account. Sign out any you don’t recognise."
          >
            <SessionsList initial={sessions} />
          </SettingsSection>
          <SettingsSection
            id="security-activity"
            title="Security activity"
            description="The last 20 security changes to your account."
          >
            <SecurityActivity events={activity} />
          </SettingsSection>
          <SettingsSection
            id="appearance"
            title="Appearance"
            description="Light, dark, or as your system is set."
          >
            <ThemeSwitch initial={parseTheme((await cookies()).get(THEME_COOKIE)?.value)} />
          </SettingsSection>
          <SettingsSection id="sign-out" title="Sign out" description="Sign out of this browser.">
            <SignOutButton className={buttonClass.secondary} />
          </SettingsSection>
          <SettingsSection
            id="delete"
            title="Delete account"
            tone="danger"
            description="Remove your account and all of its tasks for good."
          >
            <DeleteAccount askCode={secondFactors.app} askPasskey={secondFactors.passkey} />
          </SettingsSection>
        </div>
      </div>
    </AppShell>
  );
}
