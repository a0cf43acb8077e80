import { expect } from "vitest";
import { GET, POST } from "@/app/api/auth/[...all]/route";
import { setCookies } from "./cookies";
import { jsonRequest } from "./http";
import { SoftwareAuthenticator } from "./software-authenticator";

/** Better Auth's passkey challenge cookie (its `webAuthnChallengeCookie`, with its prefix). */
export const PASSKEY_CHALLENGE = "better-auth.better-auth-passkey";

/** The app's origin (BETTER_AUTH_URL in tests), where a browser would run the ceremony. */
export const appOrigin = () => new URL(process.env.BETTER_AUTH_URL ?? "").origin;

export const newAuthenticator = () => new SoftwareAuthenticator(appOrigin());

type Call = { cookie?: string; headers?: Record<string, string> };

export function passkeyGet(path: string, { cookie, headers = {} }: Call = {}) {
  return GET(
    jsonRequest(`/api/auth/passkey${path}`, {
      method: "GET",
      headers: { ...headers, ...(cookie && { cookie }) },
    }),
  );
}

export function passkeyPost(path: string, body: unknown, { cookie, headers = {} }: Call = {}) {
  return POST(
    jsonRequest(`/api/auth/passkey${path}`, {
      body,
      headers: { ...headers, ...(cookie && { cookie }) },
    }),
  );
}

/** The challenge cookie an options answer set, ready to send back with the ceremony's answer. */
export function challengeCookie(response: Response): string {
  const value = setCookies(response)[PASSKEY_CHALLENGE]?.value;
  expect(value, "the options answer sets the challenge cookie").toBeTruthy();
  return `${PASSKEY_CHALLENGE}=${value}`;
}

/**
 * Adds a passkey to a signed-in account as the settings page does (`passkey.addPasskey()` of
 * Better Auth's client): the options, the authenticator's answer, the verification.
 */
export async function addPasskey(
  signedIn: { cookie: string },
  authenticator: SoftwareAuthenticator,
  {
    name,
    overrides,
    body = {},
  }: {
    name?: string;
    overrides?: Parameters<SoftwareAuthenticator["register"]>[1];
    body?: object;
  } = {},
) {
  const options = await passkeyGet("/generate-register-options", { cookie: signedIn.cookie });
  expect(options.status).toBe(200);
  const response = authenticator.register(await options.json(), overrides);
  return passkeyPost(
    "/verify-registration",
    { response, ...(name && { name }), ...body },
    { cookie: `${signedIn.cookie}; ${challengeCookie(options)}` },
  );
}

/**
 * Signs in with a passkey as the login page does (`signIn.passkey()`): the options (a challenge
 * with no account named), the authenticator's answer, the verification. `challenge` replays a
 * cookie of an earlier ceremony instead of this one's; `keepSignedIn: false` is the login page
 * with "Keep me signed in" unchecked.
 */
export async function signInWithPasskey(
  authenticator: SoftwareAuthenticator,
  overrides: Parameters<SoftwareAuthenticator["authenticate"]>[1] = {},
  {
    cookie,
    challenge,
    headers,
    keepSignedIn = true,
  }: Call & { challenge?: string; keepSignedIn?: boolean } = {},
) {
  const options = await passkeyGet("/generate-authenticate-options", { cookie, headers });
  expect(options.status).toBe(200);
  const response = authenticator.authenticate(await options.json(), overrides);
  const sent = challenge ?? challengeCookie(options);
  const answer = await passkeyPost(
    keepSignedIn ? "/verify-authentication" : "/verify-authentication?rememberMe=false",
    { response },
    { cookie: cookie ? `${cookie}; ${sent}` : sent, headers },
  );
  return { answer, challenge: sent, response };
}

/**
 * A passkey's answer that confirms a change as a current code does (settings' "Use a passkey"):
 * the options asked while signed in, the authenticator's answer, and the cookie to send with it
 * (the session's and the challenge's).
 */
export async function passkeyConfirmation(
  signedIn: { cookie: string },
  authenticator: SoftwareAuthenticator,
  overrides: Parameters<SoftwareAuthenticator["authenticate"]>[1] = {},
) {
  const options = await passkeyGet("/generate-authenticate-options", { cookie: signedIn.cookie });
  expect(options.status).toBe(200);
  const passkey = authenticator.authenticate(await options.json(), overrides);
  return { passkey, cookie: `${signedIn.cookie}; ${challengeCookie(options)}` };
}
