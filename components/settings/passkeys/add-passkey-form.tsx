"use client";

import { type FormEvent, useState } from "react";
import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/auth/fields/field-limits";
import { type PasskeyProblem, passkeyProblem } from "@/lib/client/passkey-problem";
import { type Passkey, passkeyApi } from "@/lib/client/passkeys";
import { SignOutButton } from "../../sign-out-button";
import { Field } from "../../ui/field";
import { FormAlert } from "../../ui/form-alert";
import { buttonClass } from "../../ui/styles";
import { SubmitButton } from "../../ui/submit-button";
import type { Notice } from "./notice";
import { passkeyNameError } from "./passkey-name";

/** A name first, so the list can tell passkeys apart; then the browser's own prompt. */
export function AddPasskeyForm({
  onAdded,
  onCancel,
  onNotice,
}: {
  onAdded: (passkey: Passkey) => void;
  onCancel: () => void;
  onNotice: (notice: Notice | null) => void;
}) {
  const [pending, setPending] = useState(false);
  const [nameError, setNameError] = useState<string>();
  const [problem, setProblem] = useState<PasskeyProblem | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    const invalid = passkeyNameError(name);
    setNameError(invalid);
    setProblem(null);
    if (invalid) return;
    setPending(true);
    try {
      const added = await passkeyApi.add(name);
      onNotice({ tone: "success", text: `Added the passkey “${added.name ?? name}”.` });
      onAdded(added);
    } catch (error) {
      setProblem(passkeyProblem(error, "add"));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="add-passkey-title"
      className="max-w-md space-y-4 rounded-xl border border-slate-200 p-4 dark:border-slate-800"
    >
      <h3 id="add-passkey-title" className="text-sm font-semibold">
        Add a passkey
      </h3>
      {problem && (
        <FormAlert tone={problem.tone}>
          {problem.text}
          {problem.signInAgain && <SignInAgain />}
        </FormAlert>
      )}
      <Field
        id="passkey-name"
        name="name"
        label="Name"
        autoComplete="off"
        required
        autoFocus
        maxLength={PASSKEY_NAME_MAX_LENGTH}
        error={nameError}
        hint="Where this passkey lives, such as “Work laptop” or “Phone”. Your browser asks next."
      />
      <div className="flex flex-wrap gap-3">
        <SubmitButton pending={pending} pendingLabel="Waiting for your browser…">
          Continue
        </SubmitButton>
        <button
          type="button"
          onClick={() => {
            onNotice(null);
            onCancel();
          }}
          className={buttonClass.secondary}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Adding a passkey wants a recent sign-in: sign out, and come back here after signing in. */
function SignInAgain() {
  return (
    <div className="mt-2">
      <SignOutButton
        className={buttonClass.secondary}
        label="Sign in again"
        next="/settings#passkeys"
      />
    </div>
  );
}
