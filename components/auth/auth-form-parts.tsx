import type { ReactNode } from "react";
import { Field } from "../ui/field";
import { SubmitButton } from "../ui/submit-button";

/** What the sign-in, sign-up and password forms share. */
type FormState = {
  pending: boolean;
  waitSeconds: number;
  fieldError: (name: string) => string | undefined;
};

export function EmailField({ form, autoFocus }: { form: FormState; autoFocus?: boolean }) {
  return (
    <Field
      name="email"
      label="Email"
      type="email"
      autoComplete="email"
      required
      autoFocus={autoFocus}
      error={form.fieldError("email")}
    />
  );
}

/**
 * The full-width submit button, held after a 429 until Retry-After has passed (the form's alert
 * counts the time down: one message, one countdown).
 */
export function RateLimitedSubmit({
  form,
  pendingLabel,
  children,
}: {
  form: FormState;
  pendingLabel: string;
  children: ReactNode;
}) {
  return (
    <SubmitButton
      pending={form.pending}
      pendingLabel={pendingLabel}
      disabled={form.waitSeconds > 0}
      className="w-full"
    >
      {children}
    </SubmitButton>
  );
}
