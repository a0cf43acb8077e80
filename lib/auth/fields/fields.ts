import { z } from "zod";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import { requiredSingleLineText } from "@/lib/validation/text";
import { isCommonPassword } from "./common-passwords";
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH } from "./field-limits";
import { PASSWORD_MESSAGES, passwordRuleProblem } from "./password-rules";

/**
 * The account fields, one definition for every way in: our endpoints (/api/auth/register, ...),
 * Better Auth's own (/api/auth/sign-up/email, /update-user, ... through the front door) and the
 * forms, which take their limits from ./field-limits.ts (no zod, so forms do not ship it).
 */

/**
 * A password being chosen (sign-up, reset, change): the forms' rules (./password-rules.ts), then
 * the list of common passwords. The optional breach check is asynchronous and runs after the
 * rate limit (lib/auth/passwords/breached-password.ts).
 */
export const newPassword = z
  .string({ error: "Choose a password" })
  .superRefine((password, context) => {
    const problem =
      passwordRuleProblem(password) ??
      (isCommonPassword(password) ? PASSWORD_MESSAGES.common : null);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/**
 * A password being checked (sign-in, re-authentication): only its shape, since length rules
 * would hint at what a stored password can be. bcrypt's prehash makes any length cost the same.
 */
export const presentedPassword = z
  .string({ error: "Password is required" })
  .min(1, "Password is required")
  .max(1024, "Password is too long");

/** An address being registered: trimmed and lower-cased, as every comparison is. */
export const email = z
  .string({ error: "Enter a valid email address" })
  .max(1024, "Email is too long")
  .transform(normalizeEmail)
  .pipe(z.email("Enter a valid email address").max(EMAIL_MAX_LENGTH, "Email is too long"));

/** An address presented at sign-in or for a reset: any string is a (failed) attempt. */
export const presentedEmail = z
  .string({ error: "Email is required" })
  .min(1, "Email is required")
  .max(1024, "Email is too long")
  .transform(normalizeEmail);

export const displayName = requiredSingleLineText(
  { empty: "Name cannot be empty", tooLong: "Name is too long" },
  NAME_MAX_LENGTH,
);

/** A profile picture: an https URL (never `javascript:` or `data:`), or none. */
export const imageUrl = z
  .url({ protocol: /^https$/, error: "An https:// image URL" })
  .max(2048, "URL is too long")
  .nullable();

/** Where Better Auth sends the browser after a link: it checks the origin itself; here the size. */
export const callbackURL = z.string().max(2048).optional();
