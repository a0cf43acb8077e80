"use client";

import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { announceSignOut } from "@/lib/client/session-refresh";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { CodeField } from "../ui/code-field";
import { FormAlert } from "../ui/form-alert";
import { PasswordField } from "../ui/password-field";
import { buttonClass } from "../ui/styles";
import { SubmitButton } from "../ui/submit-button";

/**
 * Two steps: open the confirmation, then confirm with the password, and with a second factor
 * when the account has one: a code from the authenticator app or, left empty, its passkey (the
 * browser asks for it when the form is sent).
 */
export function DeleteAccount({
  askCode = false,
  askPasskey = false,
}: {
  askCode?: boolean;
  askPasskey?: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const form = useApiForm(async (data) => {
    const { password, code } = formValues(data, "password", "code");
    const factor = code.trim() ? { code } : askPasskey ? { passkey: await confirmPasskey() } : {};
    return apiFetch("/api/auth/delete-account", { method: "POST", json: { password, ...factor } });
  }, () => {
    announceSignOut();
    window.location.assign("/account-deleted");
  }, ["password"]);

  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        aria-expanded={false}
        className={buttonClass.danger}
      >
        Delete account…
      </button>
    );
  }

  return (
    <form onSubmit={form.onSubmit} noValidate className="max-w-md space-y-4">
      <FormAlert tone="info">
        This permanently deletes your account, every task in it, and signs out every device. It
        can’t be undone.
      </FormAlert>
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <PasswordField
        name="password"
        label="Enter your password to confirm"
        autoComplete="current-password"
        required
        autoFocus
        error={form.fieldError("password")}
      />
      {askCode && (
        <CodeField
          id="delete-account-code"
          label={
            askPasskey
              ? "Code from your authenticator app, or leave it empty to use your passkey"
              : "Code from your authenticator app"
          }
          error={form.fieldError("code")}
        />
      )}
      {askPasskey && !askCode && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Your browser will ask for your passkey when you confirm.
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        <SubmitButton pending={form.pending} pendingLabel="Deleting…" variant="danger">
          Permanently delete my account
        </SubmitButton>
        <button
          type="button"
          onClick={() => setConfirming(false)}
          className={buttonClass.secondary}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

async function confirmPasskey() {
  // Better Auth's client and the WebAuthn library load on this click, not with the page.
  const { passkeyApi } = await import("@/lib/client/passkeys");
  return passkeyApi.confirm();
}
