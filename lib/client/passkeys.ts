import type { Passkey as StoredPasskey } from "@better-auth/passkey";
import type { AuthenticationResponseJSON } from "@simplewebauthn/browser";
import { ApiError } from "./api-error";
import { authClient, betterAuthCall } from "./auth-client";

/**
 * Passkeys through Better Auth's `passkeyClient` (the plugin's endpoints, through the front
 * door): its `addPasskey` and `signIn.passkey` run the browser's WebAuthn ceremony between the
 * server's options and its verification. Failures leave as ApiErrors, which `passkeyProblem`
 * (./passkey-problem.ts) turns into what the page says.
 */
export type Passkey = Pick<StoredPasskey, "id" | "name" | "deviceType" | "backedUp" | "createdAt">;

export const passkeyApi = {
  list: async (): Promise<Passkey[]> => betterAuthCall(() => authClient.passkey.listUserPasskeys()),
  add: (name: string) => betterAuthCall(() => authClient.passkey.addPasskey({ name })),
  rename: (id: string, name: string) =>
    betterAuthCall(() => authClient.passkey.updatePasskey({ id, name })),
  remove: (id: string) => betterAuthCall(() => authClient.passkey.deletePasskey({ id })),
  /**
   * Nobody is signed in yet, so a 401 is a refused passkey, not an expired token to refresh. A
   * finished sign-in sets our token cookies (the front door's bridge).
   */
  signIn: async ({ keepSignedIn }: { keepSignedIn: boolean }): Promise<void> => {
    // Unchecked "Keep me signed in" travels as a query flag: the plugin's client owns the body.
    await betterAuthCall(
      () =>
        authClient.signIn.passkey(
          keepSignedIn ? undefined : { fetchOptions: { query: { rememberMe: "false" } } },
        ),
      { anonymous: true },
    );
  },
  /**
   * A passkey's answer that confirms a change as a current app code does (deleting the account):
   * the sign-in options asked while signed in (their challenge cookie comes back with the
   * change), then the browser's ceremony. The answer goes in the change's body as `passkey`.
   */
  confirm: async (): Promise<AuthenticationResponseJSON> => {
    const optionsJSON = await betterAuthCall(() =>
      authClient.passkey.generateAuthenticateOptions(),
    );
    const { startAuthentication } = await import("@simplewebauthn/browser");
    try {
      return await startAuthentication({ optionsJSON });
    } catch {
      throw new ApiError(0, "passkey_not_confirmed", "Your passkey didn’t confirm it. Try again.");
    }
  },
};
