"use client";

import { useState } from "react";
import type { SignInProvider } from "@/lib/auth/sso/providers";
import { ApiError } from "@/lib/client/api-error";
import { authClient, betterAuthCall } from "@/lib/client/auth-client";
import { FormAlert } from "../ui/form-alert";
import { buttonClass } from "../ui/styles";

/**
 * "Continue with …" for each configured provider (lib/auth/sso/providers.ts), above the
 * password form. A click asks the front door for the provider's authorization URL (which sets
 * this browser's `state` cookie) and goes there; the provider sends the browser back to our
 * callback, which lands on `next` with our token pair, or on `returnTo?error=…`.
 */
export function ProviderButtons({
  providers,
  next,
  returnTo,
  error,
}: {
  providers: SignInProvider[];
  next: string;
  /** The page a failed flow returns to (this one). */
  returnTo: "/login" | "/register";
  /** A failed flow's message, from `?error=` (lib/auth/sso/callback-errors.ts). */
  error?: string;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const [alert, setAlert] = useState(error);
  if (providers.length === 0) return null;

  async function continueWith(provider: SignInProvider) {
    setPending(provider.id);
    setAlert(undefined);
    try {
      // Better Auth's client goes to the provider's authorization URL itself (`redirect: true`).
      await betterAuthCall(
        () =>
          authClient.signIn.social({
            provider: provider.id,
            callbackURL: next,
            newUserCallbackURL: next,
            errorCallbackURL: returnTo,
          }),
        { anonymous: true },
      );
    } catch (failure) {
      setPending(null);
      setAlert(
        failure instanceof ApiError
          ? failure.message
          : `Couldn’t reach ${provider.label}. Please try again.`,
      );
    }
  }

  return (
    <div className="mb-5 space-y-3">
      {alert && <FormAlert>{alert}</FormAlert>}
      <ul className="space-y-2" aria-label="Sign in with another account">
        {providers.map((provider) => (
          <li key={provider.id}>
            <button
              type="button"
              className={`${buttonClass.secondary} w-full`}
              disabled={pending !== null}
              aria-busy={pending === provider.id}
              onClick={() => continueWith(provider)}
            >
              {pending === provider.id
                ? `Opening ${provider.label}…`
                : `Continue with ${provider.label}`}
            </button>
          </li>
        ))}
      </ul>
      <div className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
        <span aria-hidden="true" className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
        or with your email
        <span aria-hidden="true" className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
      </div>
    </div>
  );
}
