"use client";

import type { ReactNode } from "react";
import { useHydrated } from "@/lib/client/use-hydrated";
import { Spinner } from "./icons";
import { buttonClass } from "./styles";

/**
 * A form's submit button: disabled until the page is interactive, and while a request runs.
 * Every form submits through one: while it is disabled, Enter in a field submits nothing
 * either (HTML's implicit submission stops at a disabled default button), so a form can never
 * go out natively before hydration, as a GET with what was typed in the URL.
 */
export function SubmitButton({
  pending = false,
  pendingLabel,
  disabled,
  variant = "primary",
  className = "",
  children,
}: {
  /** Leave out for a form that never waits (an optimistic one). */
  pending?: boolean;
  pendingLabel?: string;
  disabled?: boolean;
  variant?: keyof typeof buttonClass;
  className?: string;
  children: ReactNode;
}) {
  const hydrated = useHydrated();
  const blocked = pending || disabled || !hydrated;
  return (
    <button
      type="submit"
      disabled={blocked}
      aria-disabled={blocked}
      className={`${buttonClass[variant]} ${className}`}
    >
      {pending && <Spinner />}
      {pending ? (pendingLabel ?? children) : children}
    </button>
  );
}

/** The end of a form that opened in place of a button: submit it, or put the button back. */
export function SubmitOrCancel({
  pending,
  pendingLabel,
  onCancel,
  children,
}: {
  pending: boolean;
  pendingLabel: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-wrap gap-3">
      <SubmitButton pending={pending} pendingLabel={pendingLabel}>
        {children}
      </SubmitButton>
      <button type="button" onClick={onCancel} className={buttonClass.secondary}>
        Cancel
      </button>
    </div>
  );
}
