"use client";

import { type MouseEvent, useState } from "react";
import type { SafeNextPath } from "@/lib/auth/tokens/safe-next";
import { type PasskeyProblem, passkeyProblem } from "@/lib/client/passkey-problem";
import { useWebAuthnAvailable } from "@/lib/client/webauthn-available";
import { FormAlert } from "../ui/form-alert";
import { Spinner } from "../ui/icons";
import { buttonClass } from "../ui/styles";

/**
 * "Sign in with a passkey", under the password form. A passkey is both factors, so a finished
 * ceremony lands where a password sign-in does (`next`, already checked by safeNextPath), with
 * our token cookies set by the front door, kept as long as the form's "Keep me signed in" says.
 * Hidden in a browser without WebAuthn.
 */
export function PasskeySignIn({ next }: { next: SafeNextPath }) {
  const available = useWebAuthnAvailable();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<PasskeyProblem | null>(null);
  if (available === false) return null;

  async function signIn(event: MouseEvent<HTMLButtonElement>) {
    const remember = event.currentTarget.form?.elements.namedItem("remember");
    const keepSignedIn = remember instanceof HTMLInputElement && remember.checked;
    setPending(true);
    setProblem(null);
    try {
      // Better Auth's client and the WebAuthn library (~17 KB compressed) load on this click, not
      // with every sign-in page.
      const { passkeyApi } = await import("@/lib/client/passkeys");
      await passkeyApi.signIn({ keepSignedIn });
      // A full navigation: the next page renders on the server with the new cookies.
      window.location.assign(next);
    } catch (error) {
      setProblem(passkeyProblem(error, "sign-in"));
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
        <span aria-hidden="true" className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
        or
        <span aria-hidden="true" className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
      </div>
      <div aria-live="polite">
        {problem && <FormAlert tone={problem.tone}>{problem.text}</FormAlert>}
      </div>
      <button
        type="button"
        onClick={signIn}
        disabled={!available || pending}
        aria-disabled={!available || pending}
        className={`${buttonClass.secondary} w-full`}
      >
        {pending && <Spinner />}
        {pending ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </button>
    </div>
  );
}
