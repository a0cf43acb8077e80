"use client";

import Link from "next/link";
import { useEffect } from "react";
import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { RateLimitedSubmit } from "../auth/auth-form-parts";
import { FormAlert } from "../ui/form-alert";
import { PasswordField } from "../ui/password-field";
import { linkClass } from "../ui/styles";

/**
 * A verification link opened where nobody is signed in to its account: the link confirms the
 * address only with the account's password, so that the mailbox's owner never confirms a password
 * someone else registered with her address. Who does not know it chooses a new one instead.
 */
export function ConfirmAddressForm({ token }: { token: string }) {
  // The token is a credential: once the page holds it, it leaves the address bar and history.
  useEffect(() => window.history.replaceState(null, "", "/verify-email"), []);
  const form = useApiForm(
    (data) =>
      apiJson("/api/auth/verify-email", {
        method: "POST",
        json: { token, password: formValues(data, "password").password },
        anonymous: true,
      }),
    () => window.location.assign("/verify-email?status=verified"),
    ["password"],
  );

  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-5">
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <PasswordField
        name="password"
        label="Password"
        autoComplete="current-password"
        required
        autoFocus
        error={form.fieldError("password")}
      />
      <FormAlert tone="info">
        Did not register, or this password does not work? Someone else may have registered your
        address first.{" "}
        <Link href="/forgot-password" className={linkClass}>
          Choose a new password
        </Link>{" "}
        with a link to this address: it removes everything they set up.
      </FormAlert>
      <RateLimitedSubmit form={form} pendingLabel="Confirming…">
        Confirm my address
      </RateLimitedSubmit>
    </form>
  );
}
