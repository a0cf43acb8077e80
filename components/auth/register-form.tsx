"use client";

import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { Field } from "../ui/field";
import { FormAlert } from "../ui/form-alert";
import { PasswordField } from "../ui/password-field";
import { SubmitButton } from "../ui/submit-button";
import { RetryHint } from "./retry-hint";

export function RegisterForm() {
  const form = useApiForm(
    (data) => {
      const { name, email, password } = formValues(data, "name", "email", "password");
      return apiJson("/api/auth/register", {
        method: "POST",
        json: { email, password, ...(name.trim() && { name }) },
        anonymous: true,
      });
    },
    () => window.location.assign("/dashboard"),
    ["name", "email", "password"],
  );

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
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        error={form.fieldError("email")}
      />
      <PasswordField
        name="password"
        label="Password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters. A short sentence is easy to remember."
        error={form.fieldError("password")}
      />
      <SubmitButton
        pending={form.pending}
        pendingLabel="Creating your account…"
        disabled={form.waitSeconds > 0}
        className="w-full"
      >
        Create account
      </SubmitButton>
      <RetryHint seconds={form.waitSeconds} />
    </form>
  );
}
