"use client";

import { useState } from "react";
import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { ResendVerificationButton } from "../email/resend-verification";
import { Field } from "../ui/field";
import { FormAlert } from "../ui/form-alert";
import { PasswordField } from "../ui/password-field";
import { SubmitButton } from "../ui/submit-button";

/**
 * The settings page's email section: the address, whether it is verified, and a change of
 * address (POST /api/auth/change-email: the current password, then a link to the new address;
 * the address changes when it is followed, and other devices are signed out).
 */
export function EmailSettings({ email, verified }: { email: string; verified: boolean }) {
  const [pending, setPending] = useState<string | null>(null);
  const form = useApiForm(
    async (data) => {
      const values = formValues(data, "email", "password");
      await apiJson("/api/auth/change-email", { method: "POST", json: values });
      return values.email.trim();
    },
    (newEmail, element) => {
      setPending(newEmail);
      element.reset();
    },
    ["email", "password"],
  );
  return (
    <div className="max-w-md space-y-6">
      <div className="space-y-3">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <span className="break-all font-medium">{email}</span>
          {verified ? (
            <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300">
              Verified
            </span>
          ) : (
            <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-500/15 dark:text-amber-200">
              Not verified
            </span>
          )}
        </p>
        {!verified && <ResendVerificationButton email={email} />}
      </div>
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        <h3 className="text-sm font-semibold">Change your email</h3>
        {form.alert && <FormAlert>{form.alert}</FormAlert>}
        {pending && (
          <FormAlert tone="success">
            We sent a link to <strong className="break-all">{pending}</strong>. Your address changes
            when you open it (within 24 hours), and your other devices are signed out.
          </FormAlert>
        )}
        {/* Ids of their own: the profile and delete-account forms on this page have fields of the same names. */}
        <Field
          id="change-email-address"
          name="email"
          label="New email"
          type="email"
          autoComplete="email"
          required
          error={form.fieldError("email")}
        />
        <PasswordField
          id="change-email-password"
          name="password"
          label="Your password"
          hint="To confirm it’s you."
          autoComplete="current-password"
          required
          error={form.fieldError("password")}
        />
        <SubmitButton pending={form.pending} pendingLabel="Sending…">
          Send verification link
        </SubmitButton>
      </form>
    </div>
  );
}
