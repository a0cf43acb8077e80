import type { InputHTMLAttributes, ReactNode } from "react";
import { inputClass, labelClass } from "./styles";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "children">;

type FieldProps = InputProps & {
  name: string;
  label: string;
  /** The server's message for this field, shown under it and announced with it. */
  error?: string;
  hint?: ReactNode;
  /** Replaces the plain input (the password field's input-with-toggle). */
  renderInput?: (input: InputProps) => ReactNode;
};

/** A labelled input with its hint and inline error, wired for screen readers. */
export function Field({ name, label, error, hint, id, renderInput, ...input }: FieldProps) {
  const fieldId = id ?? `field-${name}`;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  const inputProps = {
    ...input,
    id: fieldId,
    name,
    className: inputClass,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [errorId, hintId].filter(Boolean).join(" ") || undefined,
  };
  return (
    <div className="space-y-1.5">
      <label htmlFor={fieldId} className={labelClass}>
        {label}
      </label>
      {renderInput ? renderInput(inputProps) : <input {...inputProps} />}
      {error && (
        <p id={errorId} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {hint && !error && (
        <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
    </div>
  );
}
