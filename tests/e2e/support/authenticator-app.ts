import { Secret, TOTP } from "otpauth";
import type { Locator, Page } from "playwright-core";
import { PASSWORD } from "./browser";

/**
 * Settings → Two-factor authentication, from "Set up an authenticator app" to the QR code, on a
 * page that shows Settings. Scanning nothing: the key shown as text is what an app would read
 * from the QR code, so `app` computes the codes a phone would show.
 */
export async function beginAuthenticatorSetup(
  page: Page,
): Promise<{ section: Locator; app: TOTP }> {
  const section = page.getByRole("region", { name: "Two-factor authentication" });
  await section.getByRole("button", { name: "Set up an authenticator app" }).click();
  await section.getByLabel("Current password").fill(PASSWORD);
  await section.getByRole("button", { name: "Continue" }).click();
  await section.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
  const key = (await section.locator("[data-totp-secret]").textContent()) ?? "";
  return { section, app: new TOTP({ secret: Secret.fromBase32(key) }) };
}

/** Turns the app on with its current code; returns the backup codes then shown, not yet saved. */
export async function confirmAuthenticator(section: Locator, app: TOTP): Promise<string[]> {
  await section.getByLabel("Code from the app").fill(app.generate());
  await section.getByRole("button", { name: "Turn on" }).click();
  const list = section.getByRole("list", { name: "Backup codes" });
  await list.waitFor();
  return list.locator("[data-backup-code]").allTextContents();
}
