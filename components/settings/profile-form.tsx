"use client";

import { useState } from "react";
import { NAME_MAX_LENGTH } from "@/lib/auth/fields/field-limits";
import { ApiError } from "@/lib/client/api-error";
import { authClient, betterAuthCall } from "@/lib/client/auth-client";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { isBlank, textProblem } from "@/lib/validation/text-rules";
import { Field } from "../ui/field";
import { FormAlert } from "../ui/form-alert";
import { SubmitButton } from "../ui/submit-button";

export function ProfileForm({ name }: { name: string }) {
  const [saved, setSaved] = useState(false);
  const form = useApiForm(
    async (data) => {
      setSaved(false);
      const newName = formValues(data, "name").name.trim();
      const problem = isBlank(newName) ? "Enter a name" : textProblem(newName);
      if (problem) throw new ApiError(400, "validation_error", problem, { name: [problem] });
      return betterAuthCall(() => authClient.updateUser({ name: newName }));
    },
    () => setSaved(true),
    ["name"],
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="max-w-md space-y-4">
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      {saved && <FormAlert tone="success">Your name has been saved.</FormAlert>}
      <Field
        name="name"
        label="Name"
        autoComplete="name"
        defaultValue={name}
        required
        maxLength={NAME_MAX_LENGTH}
        error={form.fieldError("name")}
      />
      <SubmitButton pending={form.pending} pendingLabel="Saving…">
        Save name
      </SubmitButton>
    </form>
  );
}
