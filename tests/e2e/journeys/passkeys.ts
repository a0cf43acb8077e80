import assert from "node:assert/strict";
import path from "node:path";
import { URI } from "otpauth";
import type { BrowserContext, Page } from "playwright-core";
import { proveAddress } from "../support/app-server";
import { PASSWORD, register, signIn, uniqueEmail } from "../support/browser";
import { eventually } from "../support/eventually";
import { journey, SCREENSHOT_DIR } from "../support/journey";
import { addVirtualAuthenticator } from "../support/virtual-authenticator";

const passkeysOf = (page: Page) => page.getByRole("region", { name: "Passkeys" });

async function addPasskey(page: Page, name: string) {
  const section = passkeysOf(page);
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await section.getByLabel("Name").fill(name);
  await section.getByRole("button", { name: "Continue" }).click();
}

const focused = (page: Page) =>
  page.evaluate(() =>
    document.activeElement === document.body ? "(nothing)" : document.activeElement?.textContent,
  );

async function signOut(page: Page) {
  await page.goto("/dashboard");
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
}

/** Signed in for real: the task API takes a task under the cookies the passkey sign-in set. */
async function assertSignedIn(context: BrowserContext, email: string) {
  const me = await context.request.get("/api/auth/me");
  assert.equal(me.status(), 200);
  assert.equal(((await me.json()) as { user: { email: string } }).user.email, email);
  const created = await context.request.post("/api/tasks", {
    data: { title: "Signed in by passkey" },
  });
  assert.equal(created.status(), 201);
}

export const passkeySignIn = journey(
  "passkeys: add one in settings (Chromium's virtual authenticator), sign out, sign in with it, rename and remove it",
  async ({ device, outboxDir }) => {
    const { context, page } = await device();
    const authenticator = await addVirtualAuthenticator(context, page);
    const email = uniqueEmail("passkey");
    await register(page, email);
    await proveAddress(page, outboxDir, email);
    await page.goto("/settings");
    const section = passkeysOf(page);
    await section.getByText("No passkeys yet").waitFor();

    // The fingerprint does not match and the browser gives up (NotAllowedError): a calm note.
    await authenticator.setUserVerified(false);
    await addPasskey(page, "Laptop");
    await section.getByRole("status").getByText("the browser’s prompt was closed").waitFor();
    assert.equal(await section.getByRole("alert").count(), 0);
    await authenticator.setUserVerified(true);

    await section.getByRole("button", { name: "Continue" }).click();
    await section.getByText("Added the passkey “Laptop”.").waitFor();
    const list = section.getByRole("list", { name: "Your passkeys" });
    assert.deepEqual(await list.locator("li p:first-child").allTextContents(), ["Laptop"]);
    assert.equal((await authenticator.credentials()).length, 1);
    // Focus is back on the button that started it, not lost on the page.
    await eventually(() => focused(page), "Add a passkey");

    await page.reload();
    await list.getByText("Laptop").waitFor();
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await section.screenshot({ path: path.join(SCREENSHOT_DIR, `passkeys-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: "light" });

    await signOut(page);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.waitForURL("**/dashboard");
    await assertSignedIn(context, email);

    await page.goto("/settings");
    await list.getByRole("button", { name: "Rename Laptop" }).click();
    await list.getByLabel("New name").fill("Work laptop");
    await list.getByRole("button", { name: "Save name" }).click();
    await section.getByText("Renamed the passkey to “Work laptop”.").waitFor();
    await eventually(() => focused(page), "Rename");
    // Kept on the server: after a reload the list (read on load) has the new name only.
    await page.reload();
    await list.waitFor();
    assert.deepEqual(await list.locator("li p:first-child").allTextContents(), ["Work laptop"]);

    await list.getByRole("button", { name: "Remove Work laptop" }).click();
    // The question first: Cancel keeps it.
    await list.getByRole("button", { name: "Cancel" }).click();
    await list.getByRole("button", { name: "Remove Work laptop" }).click();
    await list.getByRole("button", { name: "Remove passkey" }).click();
    await section.getByText("Removed the passkey “Work laptop”.").waitFor();
    await section.getByText("No passkeys yet").waitFor();
    await eventually(() => focused(page), "Add a passkey");

    // The authenticator still holds it, but the account no longer knows it: one plain message.
    await signOut(page);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page
      .getByRole("alert")
      .getByText("That passkey didn’t sign you in. Try again, or sign in with your password.")
      .waitFor();
    assert.equal(new URL(page.url()).pathname, "/login");

    // A browser without WebAuthn gets no passkey button at all.
    const old = await device();
    await old.context.addInitScript(() => {
      // biome-ignore lint/suspicious/noExplicitAny: removing what the type says is always there
      delete (window as any).PublicKeyCredential;
    });
    await old.page.goto("/login");
    // Once the page is interactive (its submit button works), the passkey button is gone.
    await old.page.locator('button[type="submit"]:enabled').waitFor();
    assert.equal(await old.page.getByRole("button", { name: "Sign in with a passkey" }).count(), 0);
  },
);

export const passkeyIsBothFactors = journey(
  "passkeys: an account with an authenticator app signs in with its passkey and is asked for no code, back to the page it asked for",
  async ({ device, origin, outboxDir }) => {
    const { context, page } = await device();
    await addVirtualAuthenticator(context, page);
    const email = uniqueEmail("passkey-totp");
    await register(page, email);
    await proveAddress(page, outboxDir, email);
    await turnOnAuthenticatorApp(context, origin);
    await page.goto("/settings");
    await page.getByText("On. Signing in asks for a code").waitFor();
    await addPasskey(page, "Phone");
    await passkeysOf(page).getByText("Added the passkey “Phone”.").waitFor();

    await signOut(page);
    // A password alone is not enough for this account…
    await signIn(page, email);
    await page.getByLabel("Code from the app").waitFor();

    // …its passkey is: straight to the page that sent it to sign in, no code asked.
    await page.goto("/settings");
    await page.waitForURL("**/login?next=%2Fsettings");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.waitForURL("**/settings");
    assert.equal(await page.getByLabel("Code from the app").count(), 0);
    await assertSignedIn(context, email);
  },
);

/** Through the API, as the settings page does it (the second-factor journey walks the page). */
async function turnOnAuthenticatorApp(context: BrowserContext, origin: string) {
  const headers = { origin };
  const enabled = await context.request.post("/api/auth/two-factor/enable", {
    data: { password: PASSWORD },
    headers,
  });
  assert.equal(enabled.status(), 200);
  const { totpURI } = (await enabled.json()) as { totpURI: string };
  const confirmed = await context.request.post("/api/auth/two-factor/verify-totp", {
    data: { code: URI.parse(totpURI).generate() },
    headers,
  });
  assert.equal(confirmed.status(), 200);
}
