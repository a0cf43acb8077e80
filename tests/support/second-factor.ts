import { URI } from "otpauth";
import { expect } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { setCookies, TEST_PASSWORD } from "./auth";
import { jsonRequest } from "./http";

/** Better Auth's challenge cookie: a sign-in waiting for its second factor. */
export const CHALLENGE = "better-auth.two_factor";
/** Better Auth's trust-device cookie: "trust this browser for 30 days". */
export const TRUSTED = "better-auth.trust_device";

export function betterAuth(path: string, body: unknown, cookie?: string) {
  return POST(jsonRequest(`/api/auth${path}`, { body, headers: cookie ? { cookie } : {} }));
}

export function cookieOf(response: Response, ...names: string[]): string {
  const set = setCookies(response);
  return names
    .filter((name) => set[name]?.value)
    .map((name) => `${name}=${set[name]?.value}`)
    .join("; ");
}

export const tokenCookies = (response: Response) =>
  cookieOf(response, "access_token", "refresh_token");

/**
 * Sets up and confirms an authenticator app for a signed-in account, as the settings page does.
 * Codes are computed with `otpauth`, a library of its own, from the secret the enable step shows.
 */
export async function enableAuthenticator(signedIn: { cookie: string }) {
  const enabled = await betterAuth(
    "/two-factor/enable",
    { password: TEST_PASSWORD },
    signedIn.cookie,
  );
  expect(enabled.status).toBe(200);
  const { totpURI, backupCodes } = (await enabled.json()) as {
    totpURI: string;
    backupCodes: string[];
  };
  const totp = URI.parse(totpURI);
  const code = () => totp.generate();
  const confirmed = await betterAuth("/two-factor/verify-totp", { code: code() }, signedIn.cookie);
  expect(confirmed.status).toBe(200);
  return { cookie: tokenCookies(confirmed), code, backupCodes, totpURI };
}
