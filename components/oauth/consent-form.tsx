"use client";

import { type FormEvent, useState } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { buttonClass } from "@/components/ui/styles";

// Deny first: Enter in the form presses the first button, and the safe answer is no.
const CHOICES = [
  { decision: "deny", label: "Deny", look: "secondary" },
  { decision: "allow", label: "Allow", look: "primary" },
] as const;

/**
 * Allow and Deny, posted to a consent route (`action`) with `fields`. Without JavaScript it is a
 * plain form, answered with a 303 (to the app, or back to our page). With it, the answer comes as
 * JSON and the page navigates itself, since browsers hold a form's redirect to the page's CSP
 * `form-action 'self'`, which an app's address is not.
 */
export function ConsentForm({
  action,
  fields,
}: {
  action: "/api/oauth/authorize" | "/api/oauth/device";
  fields: Record<string, string>;
}) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const body = new URLSearchParams(fields);
    body.set("decision", submitter?.value ?? "deny");
    setPending(true);
    setProblem(undefined);
    try {
      const response = await fetch(action, {
        method: "POST",
        headers: { accept: "application/json" },
        body,
      });
      const answer = await response.json();
      if (response.ok && typeof answer.redirectTo === "string") {
        window.location.assign(answer.redirectTo);
        return;
      }
      setProblem(answer.error?.message ?? "Something went wrong. Try again.");
    } catch {
      setProblem("The connection failed. Try again.");
    }
    setPending(false);
  }

  return (
    <form method="post" action={action} onSubmit={submit} className="mt-6 space-y-4">
      {problem && <FormAlert>{problem}</FormAlert>}
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex gap-3">
        {CHOICES.map(({ decision, label, look }) => (
          <button
            key={decision}
            type="submit"
            name="decision"
            value={decision}
            disabled={pending}
            className={`${buttonClass[look]} flex-1`}
          >
            {label}
          </button>
        ))}
      </div>
    </form>
  );
}
