"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/field-limits";
import { ApiError } from "@/lib/client/api-error";
import { authClient, betterAuthCall } from "@/lib/client/auth-client";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { FormAlert } from "../ui/form-alert";
import { PasswordField } from "../ui/password-field";
import { SubmitButton } from "../ui/submit-button";

// Better Auth answers its own codes: put each under the field it is about.
const FIELD_OF_CODE: Record<string, [field: string, message: string]> = {
  INVALID_PASSWORD: ["currentPassword", "That isn’t your current password"],
  PASSWORD_TOO_SHORT: ["newPassword", "At least 8 characters"],
  PASSWORD_TOO_LONG: ["newPassword", "At most 128 characters"],
};

export function PasswordForm() {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useApiForm(
    async (data) => {
      setSaved(false);
      const { currentPassword, newPassword } = formValues(data, "currentPassword", "newPassword");
      const revokeOtherSessions = data.get("revokeOtherSessions") === "on";
      try {
        await betterAuthCall(() =>
          authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions }),
        );
      } catch (error) {
        const field = error instanceof ApiError ? FIELD_OF_CODE[error.code] : undefined;
        if (!field || !(error instanceof ApiError)) throw error;
        throw new ApiError(error.status, error.code, field[1], {
          [field[0]]: [field[1]],
        });
      }
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
      <PasswordField
        name="newPassword"
        label="New password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
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
      <SubmitButton pending={form.pending} pendingLabel="Changing password…">
        Change password
      </SubmitButton>
    </form>
  );
}
