import type { BrowserContext, Page } from "playwright-core";

/**
 * Chromium's virtual authenticator (DevTools protocol, `WebAuthn` domain) in one tab: a
 * platform authenticator with a fingerprint reader, as on a laptop. The ceremonies are real: the
 * browser creates and signs with real keys and the server verifies them; only the person's
 * touch is simulated (always present, and verified unless `setUserVerified(false)`).
 */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page) {
  const devtools = await context.newCDPSession(page);
  await devtools.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await devtools.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    /** The passkeys the authenticator holds (whatever the server has kept of them). */
    credentials: async () =>
      (await devtools.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
    /** False: the fingerprint does not match, so the browser's prompt ends with NotAllowedError. */
    setUserVerified: (isUserVerified: boolean) =>
      devtools.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified }),
  };
}
