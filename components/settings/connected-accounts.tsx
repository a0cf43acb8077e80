"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SignInProvider } from "@/lib/auth/sso/providers";
import type { SignInMethods } from "@/lib/auth/sso/sign-in-methods";
import { ApiError } from "@/lib/client/api-error";
import { authClient, betterAuthCall } from "@/lib/client/auth-client";
import type { Json } from "@/lib/http/json";
import { FormAlert } from "../ui/form-alert";
import { buttonClass } from "../ui/styles";
import { ConfirmEmailFirst } from "./confirm-email-first";

const CONFIRM_FIRST = "connected-accounts-confirm-email";

const UNLINK_ANSWERS: Record<string, string> = {
  FAILED_TO_UNLINK_LAST_ACCOUNT: "This is the last way to sign in to your account: it stays.",
  SESSION_NOT_FRESH: "For your safety, sign out and in again before disconnecting an account.",
};

/**
 * Settings, "Connected accounts": each configured provider, connected or not. Connecting goes
 * to the provider (POST /api/auth/link-social; its email must match this account's and be
 * verified there) and back here; disconnecting is POST /api/auth/unlink-account. The last way to
 * sign in (no password and one provider) cannot be disconnected: its button says why.
 */
export function ConnectedAccounts({
  providers,
  methods,
  error,
  canConnect = true,
}: {
  providers: SignInProvider[];
  /** False while the account's address is not confirmed: connecting is refused until then. */
  canConnect?: boolean;
  methods: Json<SignInMethods>;
  /** A failed link's message, from `?error=` (lib/auth/sso/callback-errors.ts). */
  error?: string;
}) {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [alert, setAlert] = useState(error);
  const waysToSignIn = methods.connected.length + (methods.hasPassword ? 1 : 0);

  async function run(provider: SignInProvider, call: () => Promise<void>) {
    setPending(provider.id);
    setAlert(undefined);
    try {
      await call();
    } catch (failure) {
      setAlert(
        failure instanceof ApiError
          ? (UNLINK_ANSWERS[failure.code] ?? failure.message)
          : `Couldn’t reach ${provider.label}. Please try again.`,
      );
    }
    setPending(null);
  }

  const connect = (provider: SignInProvider) =>
    run(provider, async () => {
      // Better Auth's client goes to the provider's authorization URL itself (`redirect: true`).
      await betterAuthCall(() =>
        authClient.linkSocial({
          provider: provider.id,
          callbackURL: "/settings",
          errorCallbackURL: "/settings",
        }),
      );
    });

  const disconnect = (provider: SignInProvider, accountId: string) =>
    run(provider, async () => {
      await betterAuthCall(() => authClient.unlinkAccount({ accountId }));
      router.refresh();
    });

  return (
    <div className="max-w-md space-y-4">
      {alert && <FormAlert>{alert}</FormAlert>}
      {!canConnect && <ConfirmEmailFirst id={CONFIRM_FIRST} what="a connected account" />}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {providers.map((provider) => {
          const linked = methods.connected.find((row) => row.providerId === provider.id);
          const last = Boolean(linked) && waysToSignIn <= 1;
          const hintId = `connected-${provider.id}-hint`;
          return (
            <li
              key={provider.id}
              className="flex flex-wrap items-center justify-between gap-3 py-3"
            >
              <div>
                <p className="text-sm font-medium">{provider.label}</p>
                <p id={hintId} className="text-xs text-slate-600 dark:text-slate-400">
                  {linked
                    ? last
                      ? "Connected: your only way to sign in, so it stays until you set a password."
                      : "Connected: you can sign in with it."
                    : "Not connected."}
                </p>
              </div>
              {linked ? (
                <button
                  type="button"
                  className={buttonClass.secondary}
                  disabled={last || pending !== null}
                  aria-busy={pending === provider.id}
                  aria-describedby={hintId}
                  onClick={() => disconnect(provider, linked.id)}
                >
                  {pending === provider.id ? "Disconnecting…" : `Disconnect ${provider.label}`}
                </button>
              ) : (
                <button
                  type="button"
                  className={buttonClass.secondary}
                  disabled={pending !== null || !canConnect}
                  aria-busy={pending === provider.id}
                  aria-describedby={canConnect ? undefined : CONFIRM_FIRST}
                  onClick={() => connect(provider)}
                >
                  {pending === provider.id
                    ? `Opening ${provider.label}…`
                    : `Connect ${provider.label}`}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
