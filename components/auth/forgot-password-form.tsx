"use client";

import { useState } from "react";
import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { FormAlert } from "../ui/form-alert";
import { EmailField, RateLimitedSubmit } from "./auth-form-parts";

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
      <EmailField form={form} autoFocus />
      <RateLimitedSubmit form={form} pendingLabel="Sending…">
        Send reset link
      </RateLimitedSubmit>
    </form>
  );
}
