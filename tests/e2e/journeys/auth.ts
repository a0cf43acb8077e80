import assert from "node:assert/strict";
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
  "login never follows a next to another site",
  async ({ device, origin }) => {
    const { page } = await device();
    const email = uniqueEmail("next");
    await register(page, email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.goto(`/login?next=${encodeURIComponent("//evil.example/phish")}`);
    await signIn(page, email);
    await page.waitForURL("**/dashboard");
    assert.equal(new URL(page.url()).origin, origin);
  },
);
