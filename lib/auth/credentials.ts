import { z } from "zod";
import { HttpError, validationError } from "@/lib/http/errors";
import { readBodyText, readJson } from "@/lib/http/read-json";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./auth";
import { normalizeEmail } from "./normalize-email";

/** Request bodies of our auth endpoints; the single source of their types. */
const email = z
  .string()
  .transform(normalizeEmail)
  .pipe(z.email("Enter a valid email address").max(254, "Email is too long"));

export const registerSchema = z.strictObject({
  email,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`),
  name: z.string().trim().min(1, "Name cannot be empty").max(100, "Name is too long").optional(),
});

export const forgotPasswordSchema = z.strictObject({ email });

// `newPassword` is Better Auth's own name for the field; its client sends that.
export const resetPasswordSchema = z
  .strictObject({
    token: z.string().min(1, "The reset token is missing").max(256),
    password: registerSchema.shape.password.optional(),
    newPassword: registerSchema.shape.password.optional(),
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
export const loginSchema = z.object({
  email: z.string().min(1, "Email is required").transform(normalizeEmail),
  password: z.string().min(1, "Password is required").max(1024, "Password is too long"),
});

export type LoginInput = z.infer<typeof loginSchema>;

// Generous enough that an access token sent here by mistake (an ES256 one is ~600 characters)
// is answered 401 like any other unknown token, not 400.
export const refreshSchema = z.object({ refresh_token: z.string().max(4096) });

export const INCORRECT_CREDENTIALS = "Incorrect email or password";

export function incorrectCredentials(): HttpError {
  return new HttpError(401, "invalid_credentials", INCORRECT_CREDENTIALS, {
    headers: { "www-authenticate": 'Bearer realm="taskflow"' },
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
