/**
 * The settings page's table of contents: a long page (every section of an account) is a jump
 * away from any of its parts. Plain links to the sections' ids, so it works before hydration,
 * and from a security notice's link (/settings#sessions).
 */
export function SettingsNav({
  withProviders,
  withOauthApps,
  withApiKeys,
}: {
  withProviders: boolean;
  withOauthApps: boolean;
  withApiKeys: boolean;
}) {
  const sections = [
    ["profile", "Profile"],
    ["email", "Email"],
    ["password", "Password"],
    ...(withProviders ? [["connected-accounts", "Connected accounts"]] : []),
    ["two-factor", "Two-factor"],
    ["passkeys", "Passkeys"],
    ...(withOauthApps || withApiKeys ? [["connected-apps", "Connected apps"]] : []),
    ...(withApiKeys ? [["api-keys", "API keys"]] : []),
    ...(withOauthApps ? [["developer-apps", "Developer apps"]] : []),
    ["sessions", "Active sessions"],
    ["security-activity", "Security activity"],
    ["appearance", "Appearance"],
    ["sign-out", "Sign out"],
    ["delete", "Delete account"],
  ];
  return (
    <nav aria-label="Settings sections" className="lg:sticky lg:top-6 lg:self-start">
      <ul className="flex flex-wrap gap-2 text-sm lg:flex-col lg:gap-0.5">
        {sections.map(([id, label]) => (
          <li key={id}>
            <a
              href={`#${id}`}
              className="block rounded-lg border border-slate-200 px-3 py-1.5 text-slate-700 hover:bg-slate-100 lg:border-0 dark:border-slate-800 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
