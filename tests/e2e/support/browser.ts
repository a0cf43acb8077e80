import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { PRODUCTION_COOKIES } from "../../support/cookies";

/**
 * Debian's Chromium driven by playwright-core. Nothing here ever downloads a browser: a missing
 * /usr/bin/chromium is an error that says how to install it.
 */
export const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export const PASSWORD = "correct horse battery staple";

export const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@e2e.test`;

/** Signs up through the form, as a person would, and lands on the dashboard. */
export async function register(page: Page, email: string, name = "Ada Lovelace"): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/dashboard");
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function accessCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies()).find((cookie) => cookie.name === PRODUCTION_COOKIES.access)
    ?.value;
}

/**
 * Switches the page to the light or dark system theme in place (media emulation applies live)
 * and waits until the colours have finished their CSS transitions.
 */
export async function switchColorScheme(page: Page, scheme: "light" | "dark"): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== "running"),
  );
}
