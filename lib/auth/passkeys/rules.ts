import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { serializeSignedCookie } from "better-call";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { recordSecurityEvent } from "../account/security-events";
import { appendSetCookie, type HookContext } from "../contract/hooks";
import { ownerOfCredential } from "./credential-owner";

/**
 * Our rules around Better Auth's passkey plugin (./plugin.ts), as a plugin of its own:
 * - adding a passkey never signs anyone in: its `createSession` flag, which would mint a session
 *   (and so our token pair) from a registration, is refused on every path, in-process calls too;
 * - a passkey counts only when the authenticator verified its user (a PIN, fingerprint or face):
 *   a passkey is both factors of a sign-in, and without that it would be possession alone;
 * - every failed passkey sign-in gets one answer: an unknown credential, a wrong signature, a
 *   used or expired challenge, another origin, a counter that went backwards. Which it was would
 *   tell someone probing with a stolen credential id or a recorded answer what to change;
 * - with EMAIL_VERIFICATION=required, an unverified account signs in with no passkey either;
 * - "Keep me signed in" applies to a passkey sign-in as to a password one;
 * - a passkey added or removed is a `security_event` row.
 */
const FAILED_SIGN_IN = new Set([
  "CHALLENGE_NOT_FOUND",
  "PASSKEY_NOT_FOUND",
  "AUTHENTICATION_FAILED",
  "USER_VERIFICATION_REQUIRED",
]);
export const FAILED_PASSKEY_MESSAGE =
  "That passkey was not accepted. Try again, or sign in another way.";

const failedSignIn = () =>
  new APIError("UNAUTHORIZED", { code: "AUTHENTICATION_FAILED", message: FAILED_PASSKEY_MESSAGE });

/**
 * The same answer over HTTP. Better Auth's router keeps the status of the endpoint's own error
 * (400 for a used challenge, 401 for an unknown credential) whatever an after-hook throws, so the
 * front door (lib/auth/front-door/handler.ts) answers this code with this status itself.
 */
export const failedPasskeySignIn = () =>
  new HttpError(401, "authentication_failed", FAILED_PASSKEY_MESSAGE);

/**
 * A registration the plugin could not verify (another origin, a forged attestation, a credential
 * already stored) is its 500 FAILED_TO_VERIFY_REGISTRATION: the client's mistake, answered 400.
 */
export const failedPasskeyRegistration = () =>
  new HttpError(400, "passkey_not_added", "The passkey could not be added. Try again.");

export function passkeyRules() {
  return {
    id: "taskflow-passkey-rules",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/passkey/verify-registration",
          handler: createAuthMiddleware(refuseSessionFromRegistration),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === "/passkey/verify-authentication",
          handler: createAuthMiddleware(oneAnswerForEveryFailure),
        },
        {
          matcher: (ctx) => ctx.path === "/passkey/verify-authentication",
          handler: createAuthMiddleware(rememberOnlyIfAsked),
        },
        {
          matcher: (ctx) => ctx.path === "/passkey/verify-registration",
          handler: createAuthMiddleware(afterRegistration),
        },
        {
          matcher: (ctx) => ctx.path === "/passkey/delete-passkey",
          handler: createAuthMiddleware(afterRemoval),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

/** The plugin's `afterVerification` of both ceremonies (./plugin.ts). */
export function requireVerifiedUser({
  verification,
}: {
  verification:
    | { registrationInfo?: { userVerified: boolean } }
    | { authenticationInfo: { userVerified: boolean } };
}) {
  const info =
    "authenticationInfo" in verification
      ? verification.authenticationInfo
      : verification.registrationInfo;
  if (info?.userVerified) return;
  throw new APIError("BAD_REQUEST", {
    code: "USER_VERIFICATION_REQUIRED",
    message: "Use a passkey that checks it is you (a PIN, fingerprint or face)",
  });
}

/**
 * EMAIL_VERIFICATION=required: no sign-in of an unverified account finishes (docs/architecture.md,
 * invariant 5), and Better Auth checks that only for passwords. Such an account can hold a
 * passkey added while verification was optional. Checked inside the plugin's verification, before
 * the counter moves and a session exists: the answer is the password path's 403.
 */
export async function requireVerifiedEmail({ clientData }: { clientData: { id: string } }) {
  if (getEnv().EMAIL_VERIFICATION !== "required") return;
  const owner = await ownerOfCredential(clientData.id);
  if (owner && !owner.emailVerified) {
    throw new APIError("FORBIDDEN", {
      code: "EMAIL_NOT_VERIFIED",
      message: "Verify your email address to sign in",
    });
  }
}

async function refuseSessionFromRegistration(ctx: HookContext) {
  if ((ctx.body as { createSession?: unknown } | undefined)?.createSession === undefined) return;
  throw new APIError("BAD_REQUEST", {
    code: "CREATE_SESSION_NOT_ALLOWED",
    message: "Adding a passkey does not sign in: sign in with it afterwards",
  });
}

async function oneAnswerForEveryFailure(ctx: HookContext) {
  const returned = ctx.context.returned;
  if (returned instanceof APIError && FAILED_SIGN_IN.has(String(returned.body?.code))) {
    throw failedSignIn();
  }
}

/** What Better Auth's `rememberMe: false` gives a session (its `createSession`): one day. */
const NOT_REMEMBERED_SESSION_MS = 24 * 60 * 60 * 1000;

/**
 * "Keep me signed in" unchecked, for a passkey: `?rememberMe=false` on the verification (Better
 * Auth's client sends its own body there and takes no field of ours). The sign-in then ends as a
 * password sign-in without it does: a one-day session and Better Auth's `dont_remember` marker,
 * from which the token bridge (after this hook) makes our token cookies browser-session ones,
 * and every refresh keeps them so (lib/auth/core/keep-signed-in.ts). Any other value, or none,
 * is the plugin's own seven days.
 */
async function rememberOnlyIfAsked(ctx: HookContext) {
  const signedIn = ctx.context.newSession;
  if (!signedIn || ctx.query?.rememberMe !== "false") return;
  await ctx.context.internalAdapter.updateSession(signedIn.session.token, {
    expiresAt: new Date(Date.now() + NOT_REMEMBERED_SESSION_MS),
  });
  const { name, attributes } = ctx.context.authCookies.dontRememberToken;
  appendSetCookie(ctx, await serializeSignedCookie(name, "true", ctx.context.secret, attributes));
}

async function afterRegistration(ctx: HookContext) {
  const added = ctx.context.returned as { userId?: unknown } | undefined;
  if (ctx.context.returned instanceof Error || typeof added?.userId !== "string") return;
  await recordSecurityEvent("passkey_added", added.userId, requestHeaders(ctx));
}

async function afterRemoval(ctx: HookContext) {
  const user = ctx.context.session?.user;
  if (!user || ctx.context.returned instanceof Error) return;
  await recordSecurityEvent("passkey_removed", user.id, requestHeaders(ctx));
}

const requestHeaders = (ctx: HookContext) => ctx.request?.headers ?? ctx.headers;
