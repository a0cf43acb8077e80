import assert from "node:assert/strict";
import { EVIL_HOST, SAFE_NEXT, UNSAFE_NEXT } from "../../support/unsafe-next";
import { PASSWORD, register, signIn, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

export const signOutAndBack = journey(
  "sign out, then /dashboard asks to sign in and comes back after it",
  async ({ device }) => {
    const { page } = await device();
    const email = uniqueEmail("return");
    await register(page, email);
    await page.getByRole("banner").getByText(email).waitFor();
    await page.goto("/");
    await page.getByRole("link", { name: "Open dashboard" }).first().click();
    await page.waitForURL("**/dashboard");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");

    await page.goto("/dashboard?sort=title");
    const login = new URL(page.url());
    assert.equal(login.pathname, "/login");
    assert.equal(login.searchParams.get("next"), "/dashboard?sort=title");
    await signIn(page, email);
    await page.waitForURL("**/dashboard?sort=title");
  },
);

export const wrongPassword = journey(
  "a wrong password says so, and nothing more",
  async ({ device }) => {
    const { page } = await device();
    const email = uniqueEmail("wrong");
    await register(page, email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await signIn(page, email, `${PASSWORD}!`);
    await page.getByRole("alert").getByText("Incorrect email or password").waitFor();
    assert.equal(new URL(page.url()).pathname, "/login");
    // What was typed stays, so a typo is one fix away.
    assert.equal(await page.getByLabel("Email").inputValue(), email);
  },
);

export const unsafeNext = journey(
  "next never leaves the site: the sign-in form, a signed-in /login and session-ended",
  async ({ device, origin }) => {
    const { context, page } = await device();
    const offSite: string[] = [];
    await context.route(
      (url) => url.hostname.endsWith(EVIL_HOST),
      (route) => {
        offSite.push(route.request().url());
        return route.abort();
      },
    );
    // Where each navigation ends is the point, not the page there: a stand-in instead of a render
    // keeps the ~35 navigations quick. Sign-in and the routes that redirect are the real ones.
    await context.route(
      (url) => url.origin === origin && !/^\/(login|api\/)/.test(url.pathname),
      (route) =>
        route.request().resourceType() === "document"
          ? route.fulfill({ contentType: "text/html", body: "<title>landed</title>" })
          : route.continue(),
    );
    const lands = async (label: string, path: string) => {
      await page
        .waitForURL((url) => url.pathname === path)
        .catch(() => {
          throw new Error(`${label}: ended on ${page.url()}, not ${path}`);
        });
      assert.equal(new URL(page.url()).origin, origin, label);
    };

    // Signed out, through the real form: five sign-ins a minute per account, so four per account.
    const everyNext = [...UNSAFE_NEXT, ...SAFE_NEXT.map(([next]) => [next, next] as const)];
    let email = "";
    for (const [index, [label, next]] of everyNext.entries()) {
      if (index % 4 === 0) email = await registerByApi(origin);
      await context.clearCookies();
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await signIn(page, email);
      const expected = SAFE_NEXT.find(([safe]) => safe === next)?.[1] ?? "/dashboard";
      await lands(`form, ${label}`, new URL(expected, origin).pathname);
    }

    // Signed in: the middleware answers /login itself, and session-ended sends the browser on
    // (the whole table runs against both in tests/integration; here the review's own findings).
    const found = new Set([
      "dot segment",
      "dot-dot segment",
      "encoded dot-dot",
      "double-encoded dot-dot",
    ]);
    for (const [label, next] of UNSAFE_NEXT.filter(([label]) => found.has(label))) {
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await lands(`signed-in /login, ${label}`, "/dashboard");
      await page.goto(`/api/auth/session-ended?next=${encodeURIComponent(next)}`);
      await lands(`session-ended, ${label}`, "/dashboard");
    }
    assert.deepEqual(offSite, []);
  },
);

/** A fresh account, made without a browser (the journey signs in through the form). */
async function registerByApi(origin: string): Promise<string> {
  const email = uniqueEmail("next");
  const response = await fetch(`${origin}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(response.status, 201);
  return email;
}
