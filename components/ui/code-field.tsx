import { Field } from "./field";

/**
 * A one-time code: six digits from an authenticator app (numeric keyboard on phones, the
 * browser's one-time-code autofill), or, with `backup`, a backup code such as `abcde-12345`.
 */
export function CodeField({
  id,
  label,
  backup = false,
  autoFocus,
  error,
}: {
  /** For a page with another code field or a field named `code`. */
  id?: string;
  label: string;
  backup?: boolean;
  autoFocus?: boolean;
  error?: string;
}) {
  return (
    <Field
      id={id}
      name="code"
      label={label}
      inputMode={backup ? "text" : "numeric"}
      autoComplete={backup ? "off" : "one-time-code"}
      autoCapitalize="off"
      spellCheck={false}
      maxLength={backup ? 32 : 6}
      required
      autoFocus={autoFocus}
      error={error}
    />
  );
}
