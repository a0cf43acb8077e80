import Link from "next/link";
import type { ReactNode } from "react";
import type { PageSession } from "@/lib/auth/core/page-session";
import { BrandLink } from "./brand-link";
import { VerifyEmailBanner } from "./email/verify-email-banner";
import { SessionKeeper } from "./session-keeper";
import { SignOutButton } from "./sign-out-button";
import { buttonClass } from "./ui/styles";
import { WorkspaceSwitcher } from "./workspaces/workspace-switcher";

const NAV = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/workspaces", label: "Workspaces" },
  { href: "/settings", label: "Settings" },
  { href: "/admin", label: "Admin", adminOnly: true },
] as const;

/** The signed-in pages' frame: header with navigation, the user's email and sign-out. */
export function AppShell({
  session,
  current,
  workspaceId,
  children,
}: {
  session: PageSession;
  current: (typeof NAV)[number]["href"];
  /** The workspace the page shows, for the switcher; none for the personal one. */
  workspaceId?: string;
  children: ReactNode;
}) {
  const { user } = session;
  // Non-admins never see the admin link; the admin page checks the role again itself.
  const links = NAV.filter((link) => !("adminOnly" in link) || user.role === "admin");
  return (
    <>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <BrandLink href="/dashboard" />
          <WorkspaceSwitcher session={session} currentId={workspaceId} path={current} />
          <nav aria-label="Main" className="order-last w-full sm:order-none sm:w-auto">
            <ul className="flex gap-1">
              {links.map((link) => (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    aria-current={link.href === current ? "page" : undefined}
                    className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white dark:aria-[current=page]:bg-indigo-500/15 dark:aria-[current=page]:text-indigo-300"
                  >
                    {link.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex min-w-0 flex-1 items-center justify-end gap-2 sm:flex-none">
            <span
              className="min-w-0 truncate text-sm text-slate-600 sm:max-w-[16rem] dark:text-slate-400"
              title={user.email}
            >
              <span className="sr-only">Signed in as </span>
              {user.email}
            </span>
            <SignOutButton className={`${buttonClass.ghost} shrink-0 whitespace-nowrap px-3`} />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
        <VerifyEmailBanner
          email={user.email}
          verified={user.emailVerified}
          resendBelow={current === "/settings"}
        />
        {children}
      </main>
      <SessionKeeper
        expiresIn={session.accessToken.expiresIn}
        lifetime={session.accessToken.lifetime}
      />
    </>
  );
}
