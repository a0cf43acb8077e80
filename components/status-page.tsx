import Link from "next/link";
import type { ReactNode } from "react";
import { BrandLink } from "./brand-link";
import { buttonClass } from "./ui/styles";

/** The frame of the 403, 404 and error pages: a code, a sentence, and a way back. */
export function StatusPage({
  code,
  title,
  children,
  actions,
}: {
  code: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col px-4 py-10 sm:px-6">
      <header className="mx-auto w-full max-w-xl">
        <BrandLink />
      </header>
      <main id="main" className="mx-auto flex w-full max-w-xl flex-1 flex-col justify-center py-16">
        <p className="text-sm font-semibold tracking-wide text-indigo-600 dark:text-indigo-400">
          {code}
        </p>
        <h1 className="mt-2 text-3xl font-bold tracking-tight sm:text-4xl">{title}</h1>
        <div className="mt-4 text-base leading-7 text-slate-600 dark:text-slate-300">
          {children}
        </div>
        <div className="mt-8 flex flex-wrap gap-3">
          {actions ?? (
            <Link href="/dashboard" className={buttonClass.primary}>
              Go to your dashboard
            </Link>
          )}
        </div>
      </main>
    </div>
  );
}

export function ForbiddenNotice() {
  return (
    <StatusPage
      code="403 · Access denied"
      title="This page is for administrators"
      actions={
        <>
          <Link href="/dashboard" className={buttonClass.primary}>
            Back to your dashboard
          </Link>
          <Link href="/settings" className={buttonClass.secondary}>
            Account settings
          </Link>
        </>
      }
    >
      <p>
        Your account doesn’t have access to the admin area. If you think it should, ask one of your
        administrators to change your role.
      </p>
    </StatusPage>
  );
}
