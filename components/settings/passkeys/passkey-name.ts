import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/auth/fields/field-limits";
import { isBlank, textProblem } from "@/lib/validation/text-rules";

/** The server's rule for a passkey's name (lib/auth/passkeys/surface.ts), said before sending. */
export function passkeyNameError(name: string): string | undefined {
  if (isBlank(name)) return "Name the passkey";
  if (name.length > PASSKEY_NAME_MAX_LENGTH) return "Name is too long";
  return textProblem(name);
}
