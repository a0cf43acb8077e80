import { cookies } from "next/headers";
import Link from "next/link";
import { BrandLink } from "@/components/brand-link";
import { buttonClass, cardClass } from "@/components/ui/styles";
import { getPageSession } from "@/lib/auth/core/page-session";
import { cookieNames } from "@/lib/auth/tokens/cookies";
import { loadOrRetryPage } from "@/lib/http/page-outage";

const FEATURES = [
  {
    title: "Capture in one line",
    body: "Type a task, pick a priority and a due date, press Enter. Edit it in place, tick it off, undo a delete.",
  },
  {
    title: "See your week",
    body: "Open, done and overdue at a glance, your completion rate, and what you finished each of the last 14 days.",
  },
  {
    title: "Private by design",
    body: "Short-lived tokens checked on every request, sessions you can see and end from any device, passwords hashed with bcrypt.",
  },
];

export default async function HomePage() {
  const session = await loadOrRetryPage("/", getPageSession);
  // An expired access token with a refresh cookie is still a signed-in browser: the dashboard
  // link refreshes it on the way.
  const signedIn = Boolean(session) || (await cookies()).has(cookieNames().refresh);
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="mx-auto flex w-full max-w-5xl items-center justify-between gap-4 px-4 py-5 sm:px-6">
        <BrandLink />
        <nav aria-label="Account">
          {signedIn ? (
            <Link href="/dashboard" className={buttonClass.secondary}>
              Open dashboard
            </Link>
          ) : (
            <Link href="/login" className={buttonClass.ghost}>
              Sign in
            </Link>
          )}
        </nav>
      </header>

      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 sm:px-6">
        <section className="py-16 sm:py-24" aria-labelledby="hero-title">
          <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">
            Tasks, priorities, due dates
          </p>
          <h1
            id="hero-title"
            className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-balance sm:text-6xl"
          >
            Get things done, and see that you did.
          </h1>
          <p className="mt-6 max-w-2xl text-lg leading-8 text-slate-600 dark:text-slate-300">
            Taskflow keeps track of what matters: add tasks in a keystroke, sort them by what’s due,
            and watch your week fill up with finished work.
          </p>
          <div className="mt-10 flex flex-wrap items-center gap-3">
            {signedIn ? (
              <>
                <Link href="/dashboard" className={`${buttonClass.primary} px-5 py-2.5`}>
                  Open dashboard
                </Link>
                {session && (
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    Signed in as {session.user.email}
                  </p>
                )}
              </>
            ) : (
              <>
                <Link href="/register" className={`${buttonClass.primary} px-5 py-2.5`}>
                  Create a free account
                </Link>
                <Link href="/login" className={`${buttonClass.secondary} px-5 py-2.5`}>
                  Sign in
                </Link>
              </>
            )}
          </div>
        </section>

        <section aria-label="Features" className="grid gap-4 pb-20 sm:grid-cols-3">
          {FEATURES.map((feature) => (
            <article key={feature.title} className={`${cardClass} p-6`}>
              <h2 className="font-semibold">{feature.title}</h2>
              <p className="mt-2 text-sm leading-6 text-slate-600 dark:text-slate-400">
                {feature.body}
              </p>
            </article>
          ))}
        </section>
      </main>

      <footer className="border-t border-slate-200 py-6 text-center text-sm text-slate-500 dark:border-slate-800 dark:text-slate-400">
        Taskflow — an open Next.js starter for secure, stateless sign-in.
      </footer>
    </div>
  );
}
