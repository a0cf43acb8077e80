"use client";

import type { ReactNode } from "react";
import { useHydrated } from "@/lib/client/use-hydrated";
import { Spinner } from "./icons";
import { buttonClass } from "./styles";

/** A form's submit button: disabled until the page is interactive, and while a request runs. */
export function SubmitButton({
  pending,
  pendingLabel,
  disabled,
  variant = "primary",
  className = "",
  children,
}: {
  pending: boolean;
  pendingLabel: string;
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
      {pending ? pendingLabel : children}
    </button>
  );
}
