import { passkeyClient } from "@better-auth/passkey/client";
import { createAuthClient } from "better-auth/react";
import { ApiError } from "./api-error";
import { refreshSession, signInAndReturn } from "./session-refresh";

/**
 * Better Auth's React client, for the account endpoints that are Better Auth's own (profile
 * name, password change, passkeys: its `passkeyClient` runs the browser's WebAuthn ceremony
 * between the plugin's options and verify endpoints). Same origin: our access cookie goes along and
 * the front door (lib/auth/better-auth/token-bridge.ts) makes it Better Auth's session on the
 * server. Its session hooks are not used: our rotating tokens, not Better Auth's session cookie,
 * keep a tab signed in (lib/client/session-refresh.ts).
 */
export const authClient = createAuthClient({ plugins: [passkeyClient()] });

type BetterAuthResult<T> = {
  data: T | null;
  error: { status: number; code?: string; message?: string } | null;
};

/** Runs a Better Auth client call like `apiFetch` runs ours: one retry after a refresh. */
export async function betterAuthCall<T>(call: () => Promise<BetterAuthResult<T>>): Promise<T> {
  let result = await call();
  if (result.error?.status === 401) {
    const outcome = await refreshSession();
    if (outcome === "ended") signInAndReturn();
    if (outcome === "refreshed") result = await call();
  }
  if (result.error || result.data === null) {
    const { status = 500, code = "error", message } = result.error ?? {};
    throw new ApiError(status, code, message ?? "That didn’t work. Please try again.");
  }
  return result.data;
}
