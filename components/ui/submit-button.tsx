import type { ReactNode } from "react";
import { Spinner } from "./icons";
import { buttonClass } from "./styles";

/** A form's submit button: disabled and saying so while the request runs. */
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
  return (
    <button
      type="submit"
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
      className={`${buttonClass[variant]} ${className}`}
    >
      {pending && <Spinner />}
      {pending ? pendingLabel : children}
    </button>
  );
}
