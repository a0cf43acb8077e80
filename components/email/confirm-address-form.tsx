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
 * A verification or change-of-email link opened where nobody is signed in to its account: the
 * link takes effect only with the account's password, so that the mailbox's owner never confirms
 * a password someone else registered with her address, nor gives her address to someone else's
 * account. Who does not know it chooses a new one instead, or ignores a change she did not ask for.
 */
export function ConfirmAddressForm({
  token,
  changesEmail,
}: {
  token: string;
  changesEmail: boolean;
}) {
  // The token is a credential: once the page holds it, it leaves the address bar and history.
  useEffect(() => window.history.replaceState(null, "", "/verify-email"), []);
  const form = useApiForm(
    (data) =>
      apiJson<{ status: "verified" | "email_changed" }>("/api/auth/verify-email", {
        method: "POST",
        json: { token, password: formValues(data, "password").password },
        anonymous: true,
      }),
    ({ status }) => window.location.assign(`/verify-email?status=${status}`),
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
      {changesEmail ? (
        <FormAlert tone="info">
          Did not ask to use this address for a Taskflow account? Ignore this link: without that
          account’s password, nothing changes.
        </FormAlert>
      ) : (
        <FormAlert tone="info">
          Did not register, or this password does not work? Someone else may have registered your
          address first.{" "}
          <Link href="/forgot-password" className={linkClass}>
            Choose a new password
          </Link>{" "}
          with a link to this address: it removes everything they set up.
        </FormAlert>
      )}
      <RateLimitedSubmit form={form} pendingLabel="Confirming…">
        Confirm my address
      </RateLimitedSubmit>
    </form>
  );
}
