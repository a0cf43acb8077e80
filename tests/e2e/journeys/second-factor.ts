import assert from "node:assert/strict";
import { Secret, TOTP } from "otpauth";
import type { Page } from "playwright-core";
import { PASSWORD, register, signIn, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

async function signOut(page: Page) {
  await page.goto("/dashboard");
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
}

export const authenticatorApp = journey(
  "two-factor: set up an authenticator app from the key on the page, then sign in with a code and with a backup code",
  async ({ device }) => {
    const { page } = await device();
    const email = uniqueEmail("totp");
    await register(page, email);
    await page.goto("/settings");

    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    // Scanning nothing: the key shown as text is what an app would read from the QR code.
    const key = (await page.locator("[data-totp-secret]").textContent()) ?? "";
    const app = new TOTP({ secret: Secret.fromBase32(key) });
    await page.getByLabel("Code from the app").fill("000000");
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByRole("alert").getByText("The code is incorrect or has expired").waitFor();
    await page.getByLabel("Code from the app").fill(app.generate());
    await page.getByRole("button", { name: "Turn on" }).click();

    const list = page.getByRole("list", { name: "Backup codes" });
    await list.waitFor();
    const backupCodes = await list.locator("[data-backup-code]").allTextContents();
    assert.equal(backupCodes.length, 10);
    const download = page.getByRole("link", { name: "Download as a text file" });
    assert.equal(await download.getAttribute("download"), "taskflow-backup-codes.txt");
    await page.getByRole("button", { name: "I’ve saved them" }).click();
    await page.getByText("On. Signing in asks for a code").waitFor();

    await signOut(page);
    await signIn(page, email);
    await page.getByRole("heading", { name: "Two-factor authentication" }).waitFor();
    await page.getByLabel("Code from the app").fill(app.generate());
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/dashboard");

    await signOut(page);
    await signIn(page, email);
    await page.getByRole("button", { name: "Use a backup code" }).click();
    await page.getByLabel("Backup code").fill(backupCodes[0] ?? "");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/dashboard");

    // That backup code is spent.
    await signOut(page);
    await signIn(page, email);
    await page.getByRole("button", { name: "Use a backup code" }).click();
    await page.getByLabel("Backup code").fill(backupCodes[0] ?? "");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("alert").getByText("The code is incorrect or has expired").waitFor();
    assert.equal(new URL(page.url()).pathname, "/login");
  },
);
