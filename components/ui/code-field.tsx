import { Field } from "./field";

/**
 * A one-time code: six digits from an authenticator app (numeric keyboard on phones, the
 * browser's one-time-code autofill), or, with `backup`, a backup code such as `abcde-12345`.
 */
export function CodeField({
  label,
  backup = false,
  autoFocus,
  error,
}: {
  label: string;
  backup?: boolean;
  autoFocus?: boolean;
  error?: string;
}) {
  return (
    <Field
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
