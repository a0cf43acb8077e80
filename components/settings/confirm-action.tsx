"use client";

import { type ReactNode, useState } from "react";
import { ApiError } from "@/lib/client/api-error";
import { buttonClass } from "../ui/styles";

/**
 * The question before something that cannot be undone (removing a passkey, deleting an app,
 * revoking a grant): the
 * focus lands on Cancel, so Enter or a stray click keeps things as they are.
 */
export function ConfirmAction({
  children,
  confirmLabel,
  pendingLabel,
  failure = "That didn’t work. Please try again.",
  onConfirm,
  onFailed,
  onCancel,
}: {
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  /** Said when the request fails without a message of the server's. */
  failure?: string;
  onConfirm: () => Promise<void>;
  onFailed: (message: string) => void;
  onCancel: () => void;
}) {
  const [pending, setPending] = useState(false);
  async function confirm() {
    setPending(true);
    try {
      await onConfirm();
    } catch (error) {
      setPending(false);
      onFailed(error instanceof ApiError ? error.message : failure);
    }
  }
  return (
    <div className="mt-3 w-full space-y-3 rounded-lg border border-red-200 bg-red-50 p-3 dark:border-red-900/60 dark:bg-red-950/40">
      <p className="text-sm text-red-900 dark:text-red-100">{children}</p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={confirm}
          disabled={pending}
          className={buttonClass.danger}
          aria-busy={pending}
        >
          {pending ? pendingLabel : confirmLabel}
        </button>
        {/* biome-ignore lint/a11y/noAutofocus: the choice that opened asks this question next */}
        <button type="button" onClick={onCancel} className={buttonClass.secondary} autoFocus>
          Cancel
        </button>
      </div>
    </div>
  );
}
