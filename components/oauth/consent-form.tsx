"use client";

import { type FormEvent, useState } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { buttonClass, labelClass } from "@/components/ui/styles";
import { type GrantableWorkspace, PERSONAL_TASKS } from "@/lib/workspaces/app-grant-choice";

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
 *
 * With `workspaces` (the shared workspaces the user may give this app), the user also chooses
 * which tasks the app may use: their personal tasks (the default) or one workspace's.
 */
export function ConsentForm({
  action,
  fields,
  workspaces = [],
}: {
  action: "/api/oauth/authorize" | "/api/oauth/device";
  fields: Record<string, string>;
  workspaces?: GrantableWorkspace[];
}) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const body = new URLSearchParams(fields);
    const chosen = new FormData(event.currentTarget).get("workspace");
    if (typeof chosen === "string") body.set("workspace", chosen);
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
      {workspaces.length > 0 && <WorkspaceChoice workspaces={workspaces} />}
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

function WorkspaceChoice({ workspaces }: { workspaces: GrantableWorkspace[] }) {
  const choices = [
    { value: PERSONAL_TASKS, label: "Your personal tasks" },
    ...workspaces.map(({ id, name }) => ({ value: id, label: `The workspace ${name}` })),
  ];
  return (
    <fieldset className="space-y-2">
      <legend className={labelClass}>Which tasks may it use?</legend>
      {choices.map(({ value, label }, index) => (
        <label key={value} className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="workspace"
            value={value}
            defaultChecked={index === 0}
            className="mt-1"
          />
          <span>{label}</span>
        </label>
      ))}
    </fieldset>
  );
}
