"use client";

import { useEffect, useState } from "react";
import { ResendVerificationButton } from "./resend-verification";

const DISMISSED_KEY = "taskflow:verify-email-banner-dismissed";

/**
 * Above every signed-in page (components/app-shell.tsx). While the address is unverified
 * (EMAIL_VERIFICATION=optional lets such accounts in): a reminder with "resend", dismissible for
 * the rest of this browser session. After a verification link (`?verified=1`, set by
 * GET /api/auth/verify-email): the confirmation, once; the parameter leaves the address bar.
 * `resendBelow`: the page has its own resend button (Settings → Email), which the reminder
 * points to instead of repeating it: one "Resend the verification link" per screen.
 */
export function VerifyEmailBanner({
  email,
  verified,
  resendBelow = false,
}: {
  email: string;
  verified: boolean;
  resendBelow?: boolean;
}) {
  const [dismissed, setDismissed] = useState(false);
  const [justVerified, setJustVerified] = useState(false);

  useEffect(() => {
    setDismissed(sessionStorage.getItem(DISMISSED_KEY) === email);
    const url = new URL(window.location.href);
    if (url.searchParams.get("verified") === "1") {
      setJustVerified(true);
      url.searchParams.delete("verified");
      window.history.replaceState(window.history.state, "", url);
    }
  }, [email]);

  if (justVerified && verified) {
    return (
      <Banner tone="success" onDismiss={() => setJustVerified(false)}>
        <p>Thanks: your email address is verified.</p>
      </Banner>
    );
  }
  if (verified || dismissed) return null;
  return (
    <Banner
      tone="warning"
      onDismiss={() => {
        sessionStorage.setItem(DISMISSED_KEY, email);
        setDismissed(true);
      }}
    >
      <p>
        Please verify your email address: we sent a link to{" "}
        <strong className="break-all">{email}</strong>.
      </p>
      {resendBelow ? (
        <p className="mt-1">
          No link?{" "}
          <a href="#email" className="font-semibold underline">
            Get a new one under Email
          </a>
          .
        </p>
      ) : (
        <ResendVerificationButton
          email={email}
          className="mt-2 rounded-lg border border-amber-300 bg-white px-3 py-1.5 text-sm font-semibold text-amber-900 hover:bg-amber-100 disabled:opacity-60 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100 dark:hover:bg-amber-900"
        />
      )}
    </Banner>
  );
}

const tones = {
  warning:
    "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/50 dark:text-amber-100",
  success:
    "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-900/60 dark:bg-emerald-950/50 dark:text-emerald-200",
};

function Banner({
  tone,
  onDismiss,
  children,
}: {
  tone: keyof typeof tones;
  onDismiss: () => void;
  children: React.ReactNode;
}) {
  return (
    <section
      aria-label="Email verification"
      className={`mb-6 flex items-start gap-3 rounded-xl border px-4 py-3 text-sm ${tones[tone]}`}
    >
      <div role="status" className="min-w-0 flex-1">
        {children}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        className="shrink-0 rounded-md px-2 py-1 font-semibold hover:bg-black/5 dark:hover:bg-white/10"
      >
        Dismiss
      </button>
    </section>
  );
}
