import assert from "node:assert/strict";
import { E2E_ADMIN_EMAIL } from "../support/app-server";
import { PASSWORD, signIn } from "../support/browser";
import { journey } from "../support/journey";
import { GUEST_PAGES, SIGNED_IN_PAGES } from "../support/pages";

/**
 * Until the JavaScript runs, a form is plain HTML: sent, it would go out as a GET to the page
 * itself, with everything typed (a password, a task) in the URL, the history and the server's
 * logs. Every form's default button is a SubmitButton, disabled until hydration, and with it
 * Enter in a field sends nothing either. Checked here on every page with JavaScript off, which
 * is what a page is before its scripts arrive.
 */
export const formsWaitForScripts = journey(
  "before its JavaScript runs, no form on any page can be sent (nothing typed reaches a URL)",
  async ({ device }) => {
    const admin = await device();
    await admin.page.goto("/login");
    await signIn(admin.page, E2E_ADMIN_EMAIL);
    await admin.page.waitForURL("**/dashboard");
    const guest = await device({ javaScriptEnabled: false });
    const member = await device({ javaScriptEnabled: false });
    await member.context.addCookies(await admin.context.cookies());

    const sendable: string[] = [];
    const formsOn = new Map<string, number>();
    const visits = [
      ...GUEST_PAGES.map((path) => ({ page: guest.page, path })),
      ...SIGNED_IN_PAGES.map((path) => ({ page: member.page, path })),
    ];
    for (const { page, path } of visits) {
      await page.goto(path);
      // HTML's implicit submission: Enter submits through the form's default button (its
      // first submit button) unless that is disabled; a form without one submits when it has
      // a single field of the kinds that take Enter.
      const forms = await page.evaluate(() =>
        [...document.forms].map((form) => {
          const controls = [...form.elements] as HTMLInputElement[];
          const button = controls.find((control) => ["submit", "image"].includes(control.type));
          const takesEnter = ["text", "search", "url", "tel", "email", "password", "number"];
          const fields = controls.filter((control) => takesEnter.includes(control.type));
          return {
            name: form.getAttribute("aria-label") ?? button?.textContent ?? form.id,
            sendable: button ? !button.disabled : fields.length === 1,
          };
        }),
      );
      formsOn.set(path, forms.length);
      for (const form of forms) if (form.sendable) sendable.push(`${path}: ${form.name}`);
    }
    assert.deepEqual(sendable, []);
    // Pages render their forms on the server, so the check above saw them.
    for (const path of ["/login", "/register", "/forgot-password", "/dashboard", "/settings"]) {
      assert.ok((formsOn.get(path) ?? 0) > 0, `${path} showed no form without JavaScript`);
    }

    // And in practice: Enter in the password field leaves the sign-in page where it is.
    const { page } = guest;
    await page.goto("/login");
    await page.getByLabel("Email").fill(E2E_ADMIN_EMAIL);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    // Listening from before the key, a second long, for the navigation that must not come (a
    // form submission starts at once).
    // allow(short-timeout): it waits for what must not happen; a slower machine passes anyway.
    const navigation = page
      .waitForEvent("request", {
        predicate: (request) => request.isNavigationRequest(),
        timeout: 1000,
      })
      .catch(() => null);
    await page.getByLabel("Password", { exact: true }).press("Enter");
    assert.equal((await navigation)?.url(), undefined);
    assert.equal(new URL(page.url()).search, "");
  },
);
