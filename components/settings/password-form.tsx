"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient, betterAuthCall } from "@/lib/client/auth-client";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { FormAlert } from "../ui/form-alert";
import { NewPasswordField } from "../ui/new-password-field";
import { PasswordField } from "../ui/password-field";
import { SubmitButton } from "../ui/submit-button";

/**
 * Better Auth's change-password endpoint, through its client: the front door answers in our
 * error shape (the current password's refusal under its field, the new one's rules under the
 * other), and a 429's Retry-After reaches the form's countdown (lib/client/auth-client.ts).
 */
export function PasswordForm() {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useApiForm(
    async (data) => {
      setSaved(false);
      const { currentPassword, newPassword } = formValues(data, "currentPassword", "newPassword");
      const revokeOtherSessions = data.get("revokeOtherSessions") === "on";
      await betterAuthCall(() =>
        authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions }),
      );
      return revokeOtherSessions;
    },
    (revokedOthers, formElement) => {
      formElement.reset();
      setSaved(true);
      // The session list (a server component's data) no longer has the other devices.
      if (revokedOthers) router.refresh();
    },
    ["currentPassword", "newPassword"],
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="max-w-md space-y-4">
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      {saved && <FormAlert tone="success">Your password has been changed.</FormAlert>}
      <PasswordField
        name="currentPassword"
        label="Current password"
        autoComplete="current-password"
        required
        error={form.fieldError("currentPassword")}
      />
      <NewPasswordField
        name="newPassword"
        label="New password"
        autoComplete="new-password"
        required
        error={form.fieldError("newPassword")}
      />
      <label className="flex items-start gap-2 text-sm text-slate-700 dark:text-slate-300">
        <input
          type="checkbox"
          name="revokeOtherSessions"
          defaultChecked
          className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600"
        />
        Sign out every other device
      </label>
      <SubmitButton
        pending={form.pending}
        pendingLabel="Changing password…"
        disabled={form.waitSeconds > 0}
      >
        Change password
      </SubmitButton>
    </form>
  );
}
