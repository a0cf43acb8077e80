import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./field-limits";

/**
 * The rules for a password being chosen, in plain code (no zod, no word list) so the forms run
 * the very checks the server runs (lib/auth/fields/fields.ts `newPassword`) and say the same
 * words as the user types. The server adds what is too heavy for a page: the list of common
 * passwords (./common-passwords.ts) and the optional breach check (lib/auth/passwords/breached-password.ts).
 *
 * NIST SP 800-63B 3.1.1.2: at least 8 characters, no composition rules, refuse "repetitive or
 * sequential characters" and commonly used passwords.
 */
export const PASSWORD_MESSAGES = {
  tooShort: `Use at least ${PASSWORD_MIN_LENGTH} characters`,
  tooLong: `Use at most ${PASSWORD_MAX_LENGTH} characters`,
  repetitive: "Too easy to guess: avoid repeating the same few characters",
  sequential: "Too easy to guess: avoid runs like 12345678 or abcdefgh",
  common: "This is one of the most commonly used passwords: choose another",
  breached: "This password has appeared in a data breach: choose another",
  sameAsCurrent: "Choose a password different from your current one",
} as const;

/** The first rule a new password breaks, as the message to show, or null. */
export function passwordRuleProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.tooShort;
  if (length > PASSWORD_MAX_LENGTH) return PASSWORD_MESSAGES.tooLong;
  const folded = password.toLowerCase().replace(/\s+/g, "");
  if (isRepetitive(folded)) return PASSWORD_MESSAGES.repetitive;
  if (isSequential(folded)) return PASSWORD_MESSAGES.sequential;
  return null;
}

/** "aaaaaaaa", "abababab", "abcabcabc": a unit of up to three characters, repeated. */
function isRepetitive(text: string): boolean {
  for (let unit = 1; unit <= 3 && unit * 2 <= text.length; unit += 1) {
    if (
      text ===
      text
        .slice(0, unit)
        .repeat(Math.ceil(text.length / unit))
        .slice(0, text.length)
    ) {
      return true;
    }
  }
  return false;
}

/** "12345678", "abcdefgh", "98765432": every character one step from the last, one way. */
function isSequential(text: string): boolean {
  const codes = [...text].map((character) => character.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (Math.abs(step) !== 1) return false;
  return codes.every((code, index) => index === 0 || code - (codes[index - 1] ?? 0) === step);
}

export type PasswordStrength = { score: 0 | 1 | 2 | 3; label: string };

/**
 * A light estimate for the hint under the field: length and the kinds of characters, after the
 * rules above. It cannot know the common-password list (the server's), so it never says more
 * than "strong" for what the server may still refuse as common.
 */
export function passwordStrength(password: string): PasswordStrength {
  if (passwordRuleProblem(password)) return { score: 0, label: "Too weak" };
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((kind) =>
    kind.test(password),
  ).length;
  const distinct = new Set(password).size;
  const bits = Math.log2(Math.max(2, distinct)) * [...password].length + kinds * 4;
  if (bits >= 70 || [...password].length >= 16) return { score: 3, label: "Strong" };
  if (bits >= 45) return { score: 2, label: "Good" };
  return { score: 1, label: "Fair: longer is better" };
}
