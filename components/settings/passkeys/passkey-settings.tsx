"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { type Passkey, passkeyApi } from "@/lib/client/passkeys";
import { useWebAuthnAvailable } from "@/lib/client/webauthn-available";
import { FormAlert } from "../../ui/form-alert";
import { buttonClass } from "../../ui/styles";
import { ConfirmEmailFirst } from "../confirm-email-first";
import { AddPasskeyForm } from "./add-passkey-form";
import type { Notice } from "./notice";
import { PasskeyItem } from "./passkey-item";

type List = { state: "loading" } | { state: "failed" } | { state: "ready"; passkeys: Passkey[] };

/**
 * Settings → Passkeys: the account's passkeys (read from the server on load), adding one (a
 * name, then the browser's prompt), renaming and removing. Results are said in one live region
 * above the list; focus goes back to the control that started a change.
 */
export function PasskeySettings({ canAdd = true }: { canAdd?: boolean }) {
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
      {!canAdd ? (
        <ConfirmEmailFirst what="a passkey" />
      ) : available === false ? (
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
