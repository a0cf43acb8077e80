"use client";

import { useState } from "react";
import type { SafeNextPath } from "@/lib/auth/tokens/safe-next";
import { twoFactorApi } from "@/lib/client/two-factor";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { CodeField } from "../ui/code-field";
import { FormAlert } from "../ui/form-alert";
import { linkClass } from "../ui/styles";
import { RateLimitedSubmit } from "./auth-form-parts";

/**
 * The sign-in's second step, after a correct password on an account with an authenticator app:
 * a code from the app, or a backup code. The challenge is Better Auth's httpOnly cookie (five
 * minutes, one use); a finished step sets our token cookies, and the next page starts the
 * session keeper. "Trust this browser" skips this step here for 30 days.
 */
export function SecondFactorForm({
  next,
  onRestart,
}: {
  next: SafeNextPath;
  onRestart: () => void;
}) {
  const [backup, setBackup] = useState(false);
  const form = useApiForm(
    (data) =>
      twoFactorApi.verify(formValues(data, "code").code, {
        backup,
        trustDevice: data.get("trust") === "on",
      }),
    () => window.location.assign(next),
  );
  return (
    <form
      onSubmit={form.onSubmit}
      noValidate
      className="space-y-5"
      aria-labelledby="second-factor-title"
    >
      <div>
        <h2 id="second-factor-title" className="text-base font-semibold">
          Two-factor authentication
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {backup
            ? "Enter one of your backup codes. Each code works once."
            : "Enter the six-digit code from your authenticator app."}
        </p>
      </div>
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <CodeField
        key={backup ? "backup" : "app"}
        label={backup ? "Backup code" : "Code from the app"}
        backup={backup}
        autoFocus
      />
      <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        <input
          type="checkbox"
          name="trust"
          className="size-4 rounded border-slate-300 accent-indigo-600"
        />
        Trust this browser for 30 days
      </label>
      <RateLimitedSubmit form={form} pendingLabel="Checking…">
        Verify
      </RateLimitedSubmit>
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <button type="button" onClick={() => setBackup((shown) => !shown)} className={linkClass}>
          {backup ? "Use a code from the app" : "Use a backup code"}
        </button>
        <button type="button" onClick={onRestart} className={linkClass}>
          Start over
        </button>
      </div>
    </form>
  );
}
