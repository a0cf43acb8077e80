"use client";

import "./globals.css";

/** Last resort, when the root layout itself fails: its own <html>, no stack, no message. */
export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center px-6">
          <h1 className="text-3xl font-bold tracking-tight">Taskflow is having trouble</h1>
          <p className="mt-4 text-slate-600 dark:text-slate-300">
            Something failed on our side. Please try again in a moment.
          </p>
          <button
            type="button"
            onClick={reset}
            className="mt-8 w-fit rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
