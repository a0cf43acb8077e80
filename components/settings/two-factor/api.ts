import { apiJson } from "@/lib/client/api";

/**
 * Better Auth's two-factor endpoints, through the front door, with our cookies. A wrong code is
 * a 401 like an expired challenge (lib/auth/second-factor/rules.ts), not an ended session, so the
 * calls that carry one do not refresh and retry on it (`anonymous`): that would count the code
 * twice against the account's limit. The tab's session keeper refreshes ahead of expiry anyway.
 */
const post = <T>(path: string, json: Record<string, unknown>, anonymous = false) =>
  apiJson<T>(`/api/auth/two-factor/${path}`, { method: "POST", json, anonymous });

export const twoFactorApi = {
  enable: (password: string) =>
    post<{ totpURI: string; backupCodes: string[] }>("enable", { password }),
  confirm: (code: string) => post<unknown>("verify-totp", { code }, true),
  newBackupCodes: (password: string, code: string) =>
    post<{ backupCodes: string[] }>("generate-backup-codes", { password, code }),
  disable: (password: string, code: string) => post<unknown>("disable", { password, code }, true),
};
