import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { session } from "@/lib/db/schema";
import { recordSecurityEvent } from "../account/security-events";
import { forgetTrustedBrowsers } from "../account/trusted-browsers";
import type { HookContext } from "../contract/hooks";
import { currentSecondFactor, hasCurrentSecondFactor } from "./current-factor";
import { askSecondFactorAfterProvider } from "./provider-sign-in";

/**
 * Our rules around Better Auth's twoFactor plugin (./plugin.ts), as a plugin of their own:
 * - every failed code gets one answer: a wrong code, a wrong or used backup code, an expired,
 *   used or forged challenge, a challenge out of attempts. Which it was would tell an attacker
 *   holding a password whether to keep guessing;
 * - only a second factor changes second factors: disabling and new backup codes ask for a current
 *   app code or a passkey's answer as well as the password (Better Auth asks the password only),
 *   so a stolen session plus the password cannot mint a permanent factor or remove the real one;
 * - confirming the authenticator app ends the account's other sessions and forgets its trusted
 *   browsers: whoever had the account before the second factor existed is signed out;
 * - disabling forgets the trusted browsers;
 * - each of these (and a backup code used, new backup codes) is a `security_event` row;
 * - a sign-in through a provider asks for the code too (./provider-sign-in.ts).
 */
const CODE_PATHS = new Set(["/two-factor/verify-totp", "/two-factor/verify-backup-code"]);
const CHANGES_SECOND_FACTOR = new Set(["/two-factor/disable", "/two-factor/generate-backup-codes"]);
const FAILED_CODE = new Set([
  "INVALID_CODE",
  "INVALID_BACKUP_CODE",
  "INVALID_TWO_FACTOR_COOKIE",
  "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE",
]);
// In-process calls (`auth.api.*`) skip the front door's parse of the body.
const presentedFactor = z.looseObject(currentSecondFactor);
export const FAILED_CODE_MESSAGE = "The code is incorrect or has expired";

const failedCode = () =>
  new APIError("UNAUTHORIZED", { code: "INVALID_CODE", message: FAILED_CODE_MESSAGE });

export function secondFactorRules() {
  return {
    id: "taskflow-second-factor",
    hooks: {
      before: [
        {
          matcher: (ctx) => CHANGES_SECOND_FACTOR.has(ctx.path ?? ""),
          handler: createAuthMiddleware(requireCurrentSecondFactor),
        },
      ],
      after: [
        {
          matcher: (ctx) => CODE_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(afterCode),
        },
        {
          matcher: (ctx) => ctx.path === "/two-factor/disable",
          handler: createAuthMiddleware(afterDisable),
        },
        {
          matcher: (ctx) => ctx.path === "/callback/:id",
          handler: askSecondFactorAfterProvider,
        },
        {
          matcher: (ctx) => ctx.path === "/two-factor/generate-backup-codes",
          handler: createAuthMiddleware(afterNewBackupCodes),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

async function requireCurrentSecondFactor(ctx: HookContext) {
  // The token bridge's first half, the first plugin, put the request's session there.
  const signedIn = ctx.context.session;
  if (!signedIn) return; // Better Auth's own session check answers 401.
  const presented = presentedFactor.safeParse(ctx.body ?? {});
  const headers = requestHeaders(ctx) ?? new Headers();
  if (
    !presented.success ||
    !(await hasCurrentSecondFactor(ctx.context, headers, signedIn.user.id, presented.data))
  )
    throw failedCode();
}

async function afterCode(ctx: HookContext) {
  const returned = ctx.context.returned;
  if (returned instanceof APIError) {
    if (FAILED_CODE.has(String(returned.body?.code))) throw failedCode();
    return;
  }
  const current = ctx.context.session;
  const created = ctx.context.newSession;
  const userId = created?.user.id ?? current?.user.id;
  if (!userId) return;
  if (ctx.path === "/two-factor/verify-backup-code") {
    await recordSecurityEvent("backup_code_used", userId, requestHeaders(ctx));
    return;
  }
  // A signed-in verify-totp that created a session is the confirmation of a new authenticator
  // app (Better Auth replaces the session then); a sign-in's has no session of the request.
  if (!current || !created || created.session.id === current.session.id) return;
  await getDb()
    .delete(session)
    .where(and(eq(session.userId, userId), ne(session.id, created.session.id)));
  await forgetTrustedBrowsers(userId);
  await recordSecurityEvent("two_factor_enabled", userId, requestHeaders(ctx));
}

async function afterDisable(ctx: HookContext) {
  const user = ctx.context.session?.user;
  if (!user || ctx.context.returned instanceof Error) return;
  await forgetTrustedBrowsers(user.id);
  await recordSecurityEvent("two_factor_disabled", user.id, requestHeaders(ctx));
}

async function afterNewBackupCodes(ctx: HookContext) {
  const user = ctx.context.session?.user;
  if (!user || ctx.context.returned instanceof Error) return;
  await recordSecurityEvent("backup_codes_regenerated", user.id, requestHeaders(ctx));
}

const requestHeaders = (ctx: HookContext) => ctx.request?.headers ?? ctx.headers;
