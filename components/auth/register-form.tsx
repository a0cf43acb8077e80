"use client";

import { useState } from "react";
import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { Field } from "../ui/field";
import { FormAlert } from "../ui/form-alert";
import { NewPasswordField } from "../ui/new-password-field";
import { EmailField, RateLimitedSubmit } from "./auth-form-parts";

export function RegisterForm() {
  // EMAIL_VERIFICATION=required: the account waits for its link (202), no one is signed in.
  const [checkInbox, setCheckInbox] = useState<string | null>(null);
  const form = useApiForm(
    async (data) => {
      const { name, email, password } = formValues(data, "name", "email", "password");
      const answer = await apiJson<{ verificationRequired?: boolean }>("/api/auth/register", {
        method: "POST",
        json: { email, password, ...(name.trim() && { name }) },
        anonymous: true,
      });
      return answer.verificationRequired ? email : null;
    },
    (waiting) => (waiting ? setCheckInbox(waiting) : window.location.assign("/dashboard")),
    ["name", "email", "password"],
  );

  if (checkInbox) {
    return (
      <FormAlert tone="success">
        Check your inbox: we sent a link to <strong className="break-all">{checkInbox}</strong>.
        Open it to verify your address, then sign in. The link works once, for 24 hours.
      </FormAlert>
    );
  }

  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-5">
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <Field
        name="name"
        label="Name"
        autoComplete="name"
        autoFocus
        hint="Optional: how we greet you."
        error={form.fieldError("name")}
      />
      <EmailField form={form} />
      <NewPasswordField
        name="password"
        label="Password"
        autoComplete="new-password"
        required
        error={form.fieldError("password")}
      />
      <RateLimitedSubmit form={form} pendingLabel="Creating your account…">
        Create account
      </RateLimitedSubmit>
    </form>
  );
}
