import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { user } from "@/lib/db/schema";
import { bearerChallenge } from "@/lib/http/bearer-challenge";
import { emailTaken } from "@/lib/http/constraint-answers";
import { HttpError } from "@/lib/http/errors";
import { readJsonOrForm, readOptionalJsonOrForm, validated } from "@/lib/http/read-json";
import { normalizeEmail } from "@/lib/validation/normalize-email";
import {
  displayName,
  email,
  newPassword,
  presentedEmail,
  presentedPassword,
} from "../fields/fields";
import { TOKEN_ENDPOINT_GRANTS } from "./token-grants";

// The answer to a sign-up of a registered address is also the unique index's (a lost race).
export { emailTaken };

/** Request bodies of our auth endpoints; the single source of their types (fields: lib/auth/fields/fields.ts). */
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
// `grant_type` is optional (OAuth2 form clients send it, JSON ones need not), but when sent it
// must be this endpoint's grant.
export const loginSchema = z.object({
  grant_type: z.literal("password", "This endpoint takes grant_type=password").optional(),
  email: presentedEmail,
  password: presentedPassword,
  // "Keep me signed in": unchecked (false), the cookies last the browser session. Better Auth's
  // name.
  rememberMe: z.boolean().optional(),
});

export type LoginInput = z.infer<typeof loginSchema>;

// Generous enough that an access token sent here by mistake (an ES256 one is ~600 characters)
// is answered 401 like any other unknown token, not 400.
const presentedRefreshToken = z.string().max(4096);

export const refreshSchema = z.object({
  grant_type: z.literal("refresh_token", "This endpoint takes grant_type=refresh_token").optional(),
  refresh_token: presentedRefreshToken,
});

/** A token endpoint request, by grant: a sign-in, or a refresh token to rotate. */
export type TokenRequest =
  | ({ grant: "password" } & LoginInput)
  | { grant: "refresh_token"; refreshToken: string };

// JSON sign-ins need not name their grant; the rest of the body is the grant's own schema's.
const grantSchema = z.looseObject({ grant_type: z.string().optional() });

/**
 * The token endpoint's body, JSON or the OAuth2 form (RFC 6749 §4.3.2, §6). A grant it does not
 * take is refused as RFC 6749 §5.2 says, before anything else is read into it.
 */
export async function readTokenRequest(request: Request): Promise<TokenRequest> {
  const body = await readJsonOrForm(request, grantSchema, {
    grant_type: "grant_type",
    username: "email",
    password: "password",
    refresh_token: "refresh_token",
  });
  const grant = body.grant_type ?? "password";
  if (grant === "password") return { grant, ...validated(loginSchema, body) };
  if (grant === "refresh_token") {
    return { grant, refreshToken: validated(refreshSchema, body).refresh_token };
  }
  throw new HttpError(
    400,
    "unsupported_grant_type",
    `This endpoint takes grant_type ${TOKEN_ENDPOINT_GRANTS.join(" or ")}`,
  );
}

/** Logout's optional body: the refresh token of an API client, which holds no cookie. */
export const logoutSchema = z.object({ refresh_token: presentedRefreshToken.optional() });

export const INCORRECT_CREDENTIALS = "Incorrect email or password";

export function incorrectCredentials(): HttpError {
  return new HttpError(401, "invalid_credentials", INCORRECT_CREDENTIALS, {
    headers: bearerChallenge(false),
  });
}

/**
 * The refresh token in a body (JSON, or the OAuth2 form with `grant_type=refresh_token`), for
 * the endpoints an API client calls without cookies. An empty body, an empty POST included, has
 * none.
 */
export async function readRefreshTokenBody(
  request: Request,
  schema: typeof refreshSchema | typeof logoutSchema,
): Promise<string | undefined> {
  const body = await readOptionalJsonOrForm(request, schema, {
    grant_type: "grant_type",
    refresh_token: "refresh_token",
  });
  return body?.refresh_token || undefined;
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

/** EMAIL_VERIFICATION=required: a right password, but the address is not verified yet. */
export function emailNotVerified(): HttpError {
  return new HttpError(
    403,
    "email_not_verified",
    "Verify your email address to sign in: open the link we sent you, or ask for a new one.",
  );
}
