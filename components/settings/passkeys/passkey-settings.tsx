"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/auth/better-auth/field-limits";
import { type PasskeyProblem, passkeyProblem } from "@/lib/client/passkey-problem";
import { type Passkey, passkeyApi } from "@/lib/client/passkeys";
import { useWebAuthnAvailable } from "@/lib/client/webauthn-available";
import { SignOutButton } from "../../sign-out-button";
import { Field } from "../../ui/field";
import { FormAlert } from "../../ui/form-alert";
import { buttonClass } from "../../ui/styles";
import { SubmitButton } from "../../ui/submit-button";
import { PasskeyItem } from "./passkey-item";
import { passkeyNameError } from "./passkey-name";

type List = { state: "loading" } | { state: "failed" } | { state: "ready"; passkeys: Passkey[] };
export type Notice = { tone: "success" | "info" | "error"; text: string };

/**
 * Settings → Passkeys: the account's passkeys (read from the server on load), adding one (a
 * name, then the browser's prompt), renaming and removing. Results are said in one live region
 * above the list; focus goes back to the control that started a change.
 */
export function PasskeySettings() {
  const [list, setList] = useState<List>({ state: "loading" });
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const available = useWebAuthnAvailable();
  // The server-rendered parts follow a change: security activity, the admin's second-factor notice.
  const router = useRouter();

  const load = useCallback(async () => {
    setList({ state: "loading" });
    try {
      setList({ state: "ready", passkeys: await passkeyApi.list() });
    } catch {
      setList({ state: "failed" });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const update = (change: (passkeys: Passkey[]) => Passkey[]) =>
    setList((current) =>
      current.state === "ready" ? { state: "ready", passkeys: change(current.passkeys) } : current,
    );
  // After a change, focus goes back to "Add a passkey" once it is on the page again.
  const [focusAddButton, setFocusAddButton] = useState(false);
  useEffect(() => {
    if (!focusAddButton || adding) return;
    addButton.current?.focus();
    setFocusAddButton(false);
  }, [focusAddButton, adding]);
  const backToAddButton = () => setFocusAddButton(true);

  return (
    <div className="space-y-4">
      <div aria-live="polite">
        {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
      </div>
      <PasskeyList
        list={list}
        onRetry={load}
        renderItem={(passkey) => (
          <PasskeyItem
            key={passkey.id}
            passkey={passkey}
            onNotice={setNotice}
            onRenamed={(renamed) =>
              update((all) => all.map((other) => (other.id === renamed.id ? renamed : other)))
            }
            onRemoved={() => {
              update((all) => all.filter((other) => other.id !== passkey.id));
              router.refresh();
              backToAddButton();
            }}
          />
        )}
      />
      {available === false ? (
        <FormAlert tone="info">
          This browser can’t create passkeys. You can still rename or remove the ones you have.
        </FormAlert>
      ) : adding ? (
        <AddPasskeyForm
          onNotice={setNotice}
          onAdded={(passkey) => {
            update((all) => [...all, passkey]);
            setAdding(false);
            router.refresh();
            backToAddButton();
          }}
          onCancel={() => {
            setAdding(false);
            backToAddButton();
          }}
        />
      ) : (
        <button
          ref={addButton}
          type="button"
          onClick={() => {
            setNotice(null);
            setAdding(true);
          }}
          disabled={!available}
          className={buttonClass.primary}
        >
          Add a passkey
        </button>
      )}
    </div>
  );
}

function PasskeyList({
  list,
  onRetry,
  renderItem,
}: {
  list: List;
  onRetry: () => void;
  renderItem: (passkey: Passkey) => ReactNode;
}) {
  if (list.state === "loading") {
    return (
      <p aria-busy="true" className="text-sm text-slate-600 dark:text-slate-400">
        Loading your passkeys…
      </p>
    );
  }
  if (list.state === "failed") {
    return (
      <div className="space-y-3">
        <FormAlert>Your passkeys couldn’t be loaded.</FormAlert>
        <button type="button" onClick={onRetry} className={buttonClass.secondary}>
          Try again
        </button>
      </div>
    );
  }
  if (list.passkeys.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No passkeys yet. A passkey signs you in with your fingerprint, face or device PIN, with no
        password and no code to type.
      </p>
    );
  }
  return (
    <ul
      aria-label="Your passkeys"
      className="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
    >
      {list.passkeys.map(renderItem)}
    </ul>
  );
}

/** A name first, so the list can tell passkeys apart; then the browser's own prompt. */
function AddPasskeyForm({
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
