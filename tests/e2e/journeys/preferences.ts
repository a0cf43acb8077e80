import assert from "node:assert/strict";
import type { BrowserContext } from "playwright-core";
import { register, signIn, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

/** Seconds until a cookie expires, or -1 for a session cookie (no Max-Age). */
async function lifetimeOf(context: BrowserContext, name: string): Promise<number> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name.endsWith(name));
  assert.ok(cookie, `no ${name} cookie`);
  return cookie.expires === -1 ? -1 : cookie.expires - Date.now() / 1000;
}

export const keepMeSignedIn = journey(
  "keep me signed in: unchecked, the sign-in is a browser session, also after a refresh; checked, seven days",
  async ({ device }) => {
    const { context, page } = await device();
    const email = uniqueEmail("remember");
    await register(page, email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");

    await signIn(page, email);
    await page.waitForURL("**/dashboard");
    assert.equal(await lifetimeOf(context, "refresh_token"), -1);
    // The access token gone: the next page load refreshes (the middleware), and the new refresh
    // cookie is still a session cookie.
    const access = (await context.cookies()).find((cookie) => cookie.name.endsWith("access_token"));
    await context.clearCookies({ name: access?.name });
    await page.goto("/settings");
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    assert.equal(await lifetimeOf(context, "refresh_token"), -1);
    assert.equal(await lifetimeOf(context, "access_token"), -1);

    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.waitForURL("**/login");
    await page.getByLabel("Keep me signed in").check();
    await signIn(page, email);
    await page.waitForURL("**/dashboard");
    const days = (await lifetimeOf(context, "refresh_token")) / 86_400;
    assert.ok(days > 6.9 && days <= 7, `refresh cookie lasts ${days} days`);
  },
);

export const themeSwitch = journey(
  "a light, dark or system theme chosen in settings is on the first paint of every page",
  async ({ device }) => {
    const { page } = await device();
    await register(page, uniqueEmail("theme"));
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/settings");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lightBackground = await background();
    await page.getByRole("radio", { name: "Dark" }).check({ force: true });
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    assert.notEqual(await background(), lightBackground);

    // The server renders the choice into the page itself: no flash of the system's theme. The
    // page's own navigation carries the cookie the page just wrote; a request from the test's
    // side (context.request) could leave before the browser has handed that cookie over.
    const served = async () => (await page.goto("/dashboard"))?.text() ?? "";
    assert.match(await served(), /<html[^>]*data-theme="dark"/);
    assert.notEqual(await background(), lightBackground);

    await page.goto("/settings");
    await page.getByRole("radio", { name: "System" }).check({ force: true });
    await page.waitForFunction(() => document.documentElement.dataset.theme === undefined);
    assert.equal(await background(), lightBackground);
    assert.doesNotMatch(await served(), /data-theme=/);
  },
);
