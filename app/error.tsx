"use client";

import Link from "next/link";
import { StatusPage } from "@/components/status-page";
import { buttonClass } from "@/components/ui/styles";

/**
 * The error boundary of every page. It shows no message and no stack (in production Next.js
 * sends neither for server errors; a client error's message could still say too much), only
 * the digest that matches the server's log line.
 */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <StatusPage
      code="Something went wrong"
      title="This page didn’t load"
      actions={
        <>
          <button type="button" onClick={reset} className={buttonClass.primary}>
            Try again
          </button>
          <Link href="/dashboard" className={buttonClass.secondary}>
            Go to your dashboard
          </Link>
        </>
      }
    >
      <p>It’s not you: something failed on our side. Trying again usually helps.</p>
      {error.digest && (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">
          Reference: <code className="font-mono">{error.digest}</code>
        </p>
      )}
    </StatusPage>
  );
}
