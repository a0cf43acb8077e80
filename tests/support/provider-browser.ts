import { expect } from "vitest";
import { GET, POST } from "@/app/api/auth/[...all]/route";
import { setCookies } from "./cookies";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp } from "./http";
import type { IdentityProvider } from "./identity-provider";
import { expectDocumented } from "./openapi";

/**
 * A browser going through a provider sign-in against the front door (the login page's button,
 * the real `oidc-provider`'s page, our callback), keeping the cookies each answer sets. Import it
 * through `importWithEnv` to run it under other variables (EMAIL_VERIFICATION=required).
 */
export type Browser = { ip: string; cookies: Map<string, string> };

export const newBrowser = (): Browser => ({ ip: uniqueClientIp(), cookies: new Map() });
export const cookieHeader = (browser: Browser) =>
  [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");

export function keep(browser: Browser, response: Response) {
  for (const [name, { value, attributes }] of Object.entries(setCookies(response))) {
    if (/max-age=0/i.test(attributes)) browser.cookies.delete(name);
    else browser.cookies.set(name, value);
  }
}

export async function startSignIn(
  browser: Browser,
  body: Record<string, unknown>,
  path = "/sign-in/social",
) {
  const response = await POST(
    jsonRequest(`/api/auth${path}`, {
      body,
      headers: { "x-real-ip": browser.ip, cookie: cookieHeader(browser) },
    }),
  );
  await expectDocumented("post", `/api/auth${path}`, response);
  keep(browser, response);
  return response;
}

export async function arriveAtCallback(browser: Browser, callbackUrl: string) {
  const response = await GET(
    new Request(callbackUrl, {
      headers: { "x-real-ip": browser.ip, cookie: cookieHeader(browser) },
    }),
  );
  await expectDocumented("get", "/api/auth/callback/{id}", response);
  keep(browser, response);
  return response;
}

/** The whole round trip a browser makes: our button, the provider's page, our callback. */
export async function signInThroughProvider(
  idp: IdentityProvider,
  browser: Browser,
  login: string,
  path = "/sign-in/social",
) {
  const started = await startSignIn(
    browser,
    { provider: "oidc", callbackURL: "/dashboard", errorCallbackURL: "/login" },
    path,
  );
  expect(started.status).toBe(200);
  const { url } = (await started.json()) as { url: string };
  const callbackUrl = await idp.signIn(url, login);
  return { callbackUrl, response: await arriveAtCallback(browser, callbackUrl) };
}

export const landedAt = (response: Response) =>
  new URL(response.headers.get("location") ?? "", TEST_ORIGIN);

export function expectSignedIn(response: Response, browser: Browser) {
  expect(response.status).toBe(302);
  expect(landedAt(response).pathname).toBe("/dashboard");
  expect(browser.cookies.get("access_token")).toBeTruthy();
  expect(browser.cookies.get("refresh_token")).toBeTruthy();
  expect(response.headers.getSetCookie().join("\n")).not.toMatch(/better-auth\.session_/);
}

export function expectRefused(response: Response, browser: Browser, error: RegExp) {
  expect(response.status).toBe(302);
  const location = landedAt(response);
  expect(location.pathname).toBe("/login");
  expect(location.searchParams.get("error")).toMatch(error);
  expect(browser.cookies.has("access_token")).toBe(false);
  expect(response.headers.getSetCookie().join("\n")).not.toMatch(/better-auth\.session_/);
}
