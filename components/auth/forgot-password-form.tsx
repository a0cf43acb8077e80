"use client";

import { useState } from "react";
import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { Field } from "../ui/field";
import { FormAlert } from "../ui/form-alert";
import { SubmitButton } from "../ui/submit-button";
import { RetryHint } from "./retry-hint";

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useApiForm(
    async (data) => {
      const { email } = formValues(data, "email");
      await apiJson("/api/auth/forgot-password", {
        method: "POST",
        json: { email },
        anonymous: true,
      });
      return email;
    },
    (email) => setSentTo(email),
    ["email"],
  );

  if (sentTo) {
    // The server answers the same whether or not the account exists, and so does this page.
    return (
      <FormAlert tone="success">
        If an account exists for <strong className="break-all">{sentTo}</strong>, we’ve sent it a
        link to choose a new password. The link works once, for one hour.
      </FormAlert>
    );
  }

  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-5">
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        autoFocus
        error={form.fieldError("email")}
      />
      <SubmitButton
        pending={form.pending}
        pendingLabel="Sending…"
        disabled={form.waitSeconds > 0}
        className="w-full"
      >
        Send reset link
      </SubmitButton>
      <RetryHint seconds={form.waitSeconds} />
    </form>
  );
}
