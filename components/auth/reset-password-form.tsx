"use client";

import Link from "next/link";
import { useEffect } from "react";
import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { FormAlert } from "../ui/form-alert";
import { NewPasswordField } from "../ui/new-password-field";
import { linkClass } from "../ui/styles";
import { RateLimitedSubmit } from "./auth-form-parts";

export function ResetPasswordForm({ token }: { token: string }) {
  // The token is a credential: once the page holds it, it leaves the address bar and history.
  useEffect(() => window.history.replaceState(null, "", "/reset-password"), []);
  const form = useApiForm(
    (data) =>
      apiJson("/api/auth/reset-password", {
        method: "POST",
        json: { token, password: formValues(data, "password").password },
        anonymous: true,
      }),
    () => window.location.assign("/login?reset=1"),
    ["password", "newPassword"],
  );

  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-5">
      {form.alert && (
        <FormAlert>
          {form.alert}
          {form.errorCode === "invalid_token" && (
            <>
              {" "}
              <Link href="/forgot-password" className={linkClass}>
                Request a new link
              </Link>
              .
            </>
          )}
        </FormAlert>
      )}
      <NewPasswordField
        name="password"
        label="New password"
        autoComplete="new-password"
        required
        autoFocus
        note="Every device signed in to your account will be signed out."
        error={form.fieldError("password") ?? form.fieldError("newPassword")}
      />
      <RateLimitedSubmit form={form} pendingLabel="Saving…">
        Set new password
      </RateLimitedSubmit>
    </form>
  );
}
