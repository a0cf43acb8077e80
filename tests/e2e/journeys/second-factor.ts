import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { proveAddress } from "../support/app-server";
import { beginAuthenticatorSetup, confirmAuthenticator } from "../support/authenticator-app";
import { register, signIn, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

async function signOut(page: Page) {
  await page.goto("/dashboard");
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
}

export const authenticatorApp = journey(
  "two-factor: set up an authenticator app from the key on the page, then sign in with a code and with a backup code",
  async ({ device, outboxDir }) => {
    const { page, context } = await device();
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const email = uniqueEmail("totp");
    await register(page, email);
    await proveAddress(page, outboxDir, email);
    await page.goto("/settings");
    const { section, app } = await beginAuthenticatorSetup(page);
    await section.getByLabel("Code from the app").fill("000000");
    await section.getByRole("button", { name: "Turn on" }).click();
    await section.getByRole("alert").getByText("The code is incorrect or has expired").waitFor();

    const backupCodes = await confirmAuthenticator(section, app);
    assert.equal(backupCodes.length, 10);
    const download = section.getByRole("link", { name: "Download as a text file" });
    assert.equal(await download.getAttribute("download"), "taskflow-backup-codes.txt");
    await section.getByRole("button", { name: "Copy" }).click();
    await section.getByText("Copied to the clipboard.").waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    for (const code of backupCodes) assert.ok(copied.includes(code), "Copy copies every code");
    await section.getByRole("button", { name: "I’ve saved them" }).click();
    await section.getByText("On. Signing in asks for a code").waitFor();

    await signOut(page);
    await signIn(page, email);
    await page.getByRole("heading", { name: "Two-factor authentication" }).waitFor();
    // Whoever reached the code step has an account: no offer to create one.
    await page.getByRole("link", { name: "Create an account" }).waitFor({ state: "hidden" });
    await page.getByLabel("Code from the app").fill(app.generate());
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/dashboard");

    await signOut(page);
    await signIn(page, email);
    await page.getByRole("button", { name: "Use a backup code" }).click();
    await page.getByLabel("Backup code").fill(backupCodes[0] ?? "");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/dashboard");

    // Settings lists what happened, newest first.
    await page.goto("/settings");
    const activity = page.getByRole("list", { name: "Security activity" });
    assert.deepEqual(await activity.locator("li > p:first-child").allTextContents(), [
      "Signed in",
      "Signed in with a backup code",
      "Signed in",
      "Two-factor authentication turned on",
      "Email address verified",
      "Account created",
    ]);

    // That backup code is spent. (The fifth code this minute: the account's limit is five.)
    await signOut(page);
    await signIn(page, email);
    await page.getByRole("button", { name: "Use a backup code" }).click();
    await page.getByLabel("Backup code").fill(backupCodes[0] ?? "");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("alert").getByText("The code is incorrect or has expired").waitFor();
    assert.equal(new URL(page.url()).pathname, "/login");
  },
);
