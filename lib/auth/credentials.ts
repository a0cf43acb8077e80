import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { user } from "@/lib/db/schema";
import { bearerChallenge } from "@/lib/http/bearer-challenge";
import { HttpError, validationError } from "@/lib/http/errors";
import { readBodyText, readJson } from "@/lib/http/read-json";
import { displayName, email, newPassword, presentedEmail, presentedPassword } from "./fields";
import { normalizeEmail } from "./normalize-email";

/** Request bodies of our auth endpoints; the single source of their types (fields: ./fields.ts). */
export const registerSchema = z.strictObject({
  email,
  password: newPassword,
  name: displayName.optional(),
});

export const forgotPasswordSchema = z.strictObject({ email });

// `newPassword` is Better Auth's own name for the field; its client sends that.
export const resetPasswordSchema = z
  .strictObject({
    token: z.string().min(1, "The reset token is missing").max(256),
    password: newPassword.optional(),
    newPassword: newPassword.optional(),
  })
  .transform(({ token, password, newPassword }, context) => {
    const chosen = password ?? newPassword;
    if (chosen === undefined) {
      context.addIssue({ code: "custom", path: ["password"], message: "Choose a new password" });
      return z.NEVER;
    }
    return { token, password: chosen };
  });

// Sign-in checks only the shape: length rules would hint at what a stored password can be.
export const loginSchema = z.object({ email: presentedEmail, password: presentedPassword });

export type LoginInput = z.infer<typeof loginSchema>;

// Generous enough that an access token sent here by mistake (an ES256 one is ~600 characters)
// is answered 401 like any other unknown token, not 400.
export const refreshSchema = z.object({ refresh_token: z.string().max(4096) });

export const INCORRECT_CREDENTIALS = "Incorrect email or password";

export function incorrectCredentials(): HttpError {
  return new HttpError(401, "invalid_credentials", INCORRECT_CREDENTIALS, {
    headers: bearerChallenge(false),
  });
}

/** The OAuth2 password form (`username`, `password`) or JSON `{ email, password }`. */
export async function readLoginBody(request: Request): Promise<LoginInput> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("application/x-www-form-urlencoded"))
    return readJson(request, loginSchema);
  const form = new URLSearchParams(await readBodyText(request));
  const parsed = loginSchema.safeParse({
    email: form.get("username") ?? undefined,
    password: form.get("password") ?? undefined,
  });
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/**
 * Better Auth checks for an existing account before it inserts one; two sign-ups of one email at
 * the same moment both pass that check, and the loser's insert fails on the unique index, which
 * Better Auth reports only as FAILED_TO_CREATE_USER. The address being registered by then tells
 * the two causes apart: a lost race is the same 409 as a plain duplicate.
 */
export async function explainFailedSignUp(address: string): Promise<HttpError | undefined> {
  const [existing] = await getDb()
    .select({ id: user.id })
    .from(user)
    .where(eq(user.email, normalizeEmail(address)));
  return existing ? emailTaken() : undefined;
}

/** Sign-up with an address that has an account (also the answer to a registration race). */
export function emailTaken(): HttpError {
  return new HttpError(409, "email_taken", "Email already registered", {
    fields: { email: ["Email already registered"] },
  });
}
