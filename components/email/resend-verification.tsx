"use client";

import { useState } from "react";
import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { EmailField, RateLimitedSubmit } from "../auth/auth-form-parts";
import { FormAlert } from "../ui/form-alert";
import { SubmitButton } from "../ui/submit-button";

/**
 * "Send me a new link": for the address given, or one the user types (the expired-link page).
 * The server answers every address alike (at most 3 mails an hour reach one), and so does this.
 */
export function ResendVerification({ email, compact }: { email?: string; compact?: boolean }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useApiForm(
    async (data) => {
      const address = email ?? formValues(data, "email").email;
      await apiJson("/api/auth/send-verification-email", {
        method: "POST",
        json: { email: address },
        anonymous: true,
      });
      return address;
    },
    (address) => setSentTo(address),
    ["email"],
  );

  if (sentTo) {
    return (
      <FormAlert tone="success">
        If <strong className="break-all">{sentTo}</strong> still needs verifying, a new link is on
        its way. It works once, for 24 hours.
      </FormAlert>
    );
  }
  return (
    <form onSubmit={form.onSubmit} noValidate className={compact ? "inline" : "space-y-5"}>
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      {email === undefined && <EmailField form={form} autoFocus />}
      {compact ? (
        <SubmitButton
          pending={form.pending}
          pendingLabel="Sending…"
          disabled={form.waitSeconds > 0}
        >
          Resend the link
        </SubmitButton>
      ) : (
        <RateLimitedSubmit form={form} pendingLabel="Sending…">
          Send a new link
        </RateLimitedSubmit>
      )}
    </form>
  );
}
