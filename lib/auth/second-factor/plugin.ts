import { randomInt } from "node:crypto";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { twoFactor } from "better-auth/plugins/two-factor";
import { TRUSTED_BROWSER_LIFETIME_SECONDS } from "../account/trusted-browsers";
import { CHALLENGE_LIFETIME_SECONDS } from "./challenge";
import { secondFactorRules } from "./rules";

/**
 * Better Auth's `twoFactor` plugin as we run it: TOTP from an authenticator app with
 * ten single-use backup codes, no email or SMS codes. After a correct password it deletes the
 * session it just created, unsets `newSession` (so the token bridge issues no token pair) and
 * leaves only its own challenge cookie: httpOnly, signed, five minutes, consumed by the first
 * correct code. Our rules around it (the same answer for every failed code, a code to disable,
 * other sessions ended on enabling, trusted browsers forgotten) are `secondFactorRules`.
 *
 * Both must come before the token bridge in `plugins` (lib/auth/better-auth/auth.ts): the bridge's
 * after-hook decides whether a sign-in finished once theirs ran.
 */

// Backup codes are read off paper and typed by hand: upper case, and none of the characters
// that pass for another (0/O/D, 1/I/L, 2/Z, 5/S, 8/B, U/V). 22 symbols, ten of them: 44 bits.
const BACKUP_CODE_ALPHABET = "ACEFGHJKMNPQRTWXY34679";
const BACKUP_CODE_COUNT = 10;
const BACKUP_CODE_HALF = 5;

function backupCode(): string {
  const half = () =>
    Array.from({ length: BACKUP_CODE_HALF }, () =>
      BACKUP_CODE_ALPHABET.charAt(randomInt(BACKUP_CODE_ALPHABET.length)),
    ).join("");
  return `${half()}-${half()}`;
}

/** A typed backup code as stored: any case, spaces or a missing dash are forgiven. */
export function normalizeBackupCode(typed: string): string {
  const symbols = typed.replace(/[\s-]/g, "").toUpperCase();
  return symbols.length === 2 * BACKUP_CODE_HALF
    ? `${symbols.slice(0, BACKUP_CODE_HALF)}-${symbols.slice(BACKUP_CODE_HALF)}`
    : typed;
}

/** Better Auth compares backup codes exactly: the code is put in the stored form first. */
function backupCodeInput() {
  return {
    id: "taskflow-backup-code-input",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/two-factor/verify-backup-code",
          handler: createAuthMiddleware(async (ctx) => {
            const code: unknown = ctx.body?.code;
            if (typeof code !== "string") return;
            return { context: { body: { ...ctx.body, code: normalizeBackupCode(code) } } };
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

export function secondFactorPlugins() {
  return [
    backupCodeInput(),
    twoFactor({
      issuer: "Taskflow",
      twoFactorCookieMaxAge: CHALLENGE_LIFETIME_SECONDS,
      trustDeviceMaxAge: TRUSTED_BROWSER_LIFETIME_SECONDS,
      backupCodeOptions: {
        customBackupCodesGenerate: () => Array.from({ length: BACKUP_CODE_COUNT }, backupCode),
      },
    }),
    secondFactorRules(),
  ];
}
