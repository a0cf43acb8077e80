"use client";

import { useState } from "react";
import { ApiError } from "@/lib/client/api-error";
import { authClient, betterAuthCall } from "@/lib/client/auth-client";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { EmailField, RateLimitedSubmit } from "../auth/auth-form-parts";
import { FormAlert } from "../ui/form-alert";
import { buttonClass } from "../ui/styles";

/**
 * "Send me a new verification link", as a button or a form. The server answers every address
 * alike (and at most 3 mails an hour reach one), and so do these.
 */
function requestLink(email: string) {
  return betterAuthCall(() => authClient.sendVerificationEmail({ email }), { anonymous: true });
}

function Sent({ to }: { to: string }) {
  return (
    <FormAlert tone="success">
      If <strong className="break-all">{to}</strong> still needs verifying, a new link is on its
      way. It works once, for 24 hours.
    </FormAlert>
  );
}

/** A button for a known address (the banner, the sign-in form): no form of its own to nest. */
export function ResendVerificationButton({
  email,
  className = buttonClass.secondary,
}: {
  email: string;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<string | null>(null);
  if (state === "sent") return <Sent to={email} />;
  async function send() {
    setState("sending");
    setError(null);
    try {
      await requestLink(email);
      setState("sent");
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "That didn’t work. Try again.");
      setState("idle");
    }
  }
  return (
    <span className="inline-flex flex-col gap-2">
      {error && <FormAlert>{error}</FormAlert>}
      <button type="button" onClick={send} disabled={state === "sending"} className={className}>
        {state === "sending" ? "Sending…" : "Resend the verification link"}
      </button>
    </span>
  );
}

/** A form that asks for the address (the page an expired or used link lands on). */
export function ResendVerificationForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useApiForm(
    async (data) => {
      const { email } = formValues(data, "email");
      await requestLink(email);
      return email;
    },
    (email) => setSentTo(email),
    ["email"],
  );
  if (sentTo) return <Sent to={sentTo} />;
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-5">
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <EmailField form={form} autoFocus />
      <RateLimitedSubmit form={form} pendingLabel="Sending…">
        Send a new link
      </RateLimitedSubmit>
    </form>
  );
}
