"use client";

import Link from "next/link";
import { useState } from "react";
import type { SecondFactorRequired } from "@/lib/auth/second-factor/challenge";
import type { SafeNextPath } from "@/lib/auth/tokens/safe-next";
import { apiJson } from "@/lib/client/api";
import { recordAccessTokenExpiry } from "@/lib/client/session-refresh";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { ResendVerificationButton } from "../email/resend-verification";
import { FormAlert } from "../ui/form-alert";
import { PasswordField } from "../ui/password-field";
import { linkClass } from "../ui/styles";
import { EmailField, RateLimitedSubmit } from "./auth-form-parts";
import { PasskeySignIn } from "./passkey-sign-in";
import { SecondFactorForm } from "./second-factor-form";

type LoginAnswer = { expires_in: number } | SecondFactorRequired;

/**
 * `next` can only be a path safeNextPath accepted (its type says so): the form follows it as is.
 * `codeFirst`: a provider sign-in already proved the first factor and left its challenge.
 */
export function LoginForm({
  next,
  notice,
  codeFirst = false,
}: {
  next: SafeNextPath;
  notice?: string;
  codeFirst?: boolean;
}) {
  // EMAIL_VERIFICATION=required refuses an unverified address (403): offer its new link.
  const [triedEmail, setTriedEmail] = useState("");
  // A correct password for an account with a second factor: the code comes next.
  const [secondStep, setSecondStep] = useState(codeFirst);
  const form = useApiForm(
    (data) => {
      const credentials = formValues(data, "email", "password");
      setTriedEmail(credentials.email);
      return apiJson<LoginAnswer>("/api/auth/login", {
        method: "POST",
        json: {
          ...credentials,
          rememberMe: data.get("remember") === "on",
        },
        anonymous: true,
      });
    },
    (answer) => {
      if ("two_factor_required" in answer) {
        setSecondStep(true);
        return;
      }
      recordAccessTokenExpiry(answer.expires_in, { refreshed: true });
      // A full navigation: the next page renders on the server with the new cookies.
      window.location.assign(next);
    },
    ["email", "password"],
  );

  if (secondStep) {
    return (
      <div data-second-factor-step>
        <SecondFactorForm next={next} onRestart={() => setSecondStep(false)} />
      </div>
    );
  }

  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-5">
      {notice && !form.alert && !form.pending && <FormAlert tone="success">{notice}</FormAlert>}
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      {form.errorCode === "email_not_verified" && <ResendVerificationButton email={triedEmail} />}
      <EmailField form={form} autoFocus />
      <div className="space-y-2">
        <PasswordField
          name="password"
          label="Password"
          autoComplete="current-password"
          required
          error={form.fieldError("password")}
        />
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          {/* Unchecked, the sign-in ends when the browser closes; checked, it lasts 7 days. */}
          <label className="flex items-center gap-2 text-slate-700 dark:text-slate-300">
            <input
              type="checkbox"
              name="remember"
              className="size-4 rounded border-slate-300 accent-indigo-600"
            />
            Keep me signed in
          </label>
          <Link href="/forgot-password" className={linkClass}>
            Forgot your password?
          </Link>
        </div>
      </div>
      <RateLimitedSubmit form={form} pendingLabel="Signing in…">
        Sign in
      </RateLimitedSubmit>
      <PasskeySignIn next={next} />
    </form>
  );
}
