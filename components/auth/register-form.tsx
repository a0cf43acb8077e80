"use client";

import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { Field } from "../ui/field";
import { FormAlert } from "../ui/form-alert";
import { NewPasswordField } from "../ui/new-password-field";
import { EmailField, RateLimitedSubmit } from "./auth-form-parts";

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
