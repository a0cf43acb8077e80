"use client";

import { type ReactNode, useState } from "react";
import { FormAlert } from "../ui/form-alert";
import { buttonClass, inputClass } from "../ui/styles";

/**
 * A secret shown this once (an API key, an app's client secret): only its hash is kept, so
 * nobody can show it again. Selected on focus, with a copy button.
 */
export function ShownOnce({
  label,
  value,
  children,
  onDone,
}: {
  /** The accessible name of the read-only field holding the secret. */
  label: string;
  value: string;
  /** What the secret is and how to use it; the warning that it is shown once comes first. */
  children: ReactNode;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <FormAlert tone="success">
      <p>
        <strong>Copy it now: you won’t be able to see it again.</strong> {children}
      </p>
      <input
        readOnly
        aria-label={label}
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        className={`${inputClass} mt-2 font-mono`}
      />
      <div className="mt-2 flex flex-wrap gap-3">
        <button
          type="button"
          className={buttonClass.secondary}
          onClick={async () => {
            await navigator.clipboard.writeText(value);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className={buttonClass.ghost} onClick={onDone}>
          Done
        </button>
      </div>
    </FormAlert>
  );
}
