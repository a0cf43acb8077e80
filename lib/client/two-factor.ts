import { authClient, betterAuthCall } from "./auth-client";

/**
 * The second factor through Better Auth's `twoFactorClient`. A wrong code is a 401 like an
 * expired challenge (lib/auth/second-factor/rules.ts), not an ended session, so the calls that
 * carry one do not refresh and retry on it (`anonymous`): that would count the code twice against
 * the account's limit. The tab's session keeper refreshes ahead of expiry anyway.
 */

// Changing the second factor asks for a current one too (lib/auth/second-factor/rules.ts), a
// field Better Auth's own body type does not name: the body is built first, then handed over.
type PasswordAndCode = { password: string; code: string };

export const twoFactorApi = {
  enable: async (password: string) => {
    const enabled = await betterAuthCall(() => authClient.twoFactor.enable({ password }));
    // The server offers the authenticator app only, no mailed codes: the answer is the app's.
    return enabled as Extract<typeof enabled, { method: "totp" }>;
  },
  confirm: (code: string) =>
    betterAuthCall(() => authClient.twoFactor.verifyTotp({ code }), { anonymous: true }),
  /** A sign-in's second step (Better Auth's challenge cookie): a code from the app, or a backup. */
  verify: (code: string, { backup, trustDevice }: { backup: boolean; trustDevice: boolean }) =>
    betterAuthCall(
      () =>
        backup
          ? authClient.twoFactor.verifyBackupCode({ code, trustDevice })
          : authClient.twoFactor.verifyTotp({ code, trustDevice }),
      { anonymous: true },
    ),
  newBackupCodes: (password: string, code: string) => {
    const body: PasswordAndCode = { password, code };
    return betterAuthCall(() => authClient.twoFactor.generateBackupCodes(body));
  },
  disable: (password: string, code: string) => {
    const body: PasswordAndCode = { password, code };
    return betterAuthCall(() => authClient.twoFactor.disable(body), { anonymous: true });
  },
};
