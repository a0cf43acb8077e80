import assert from "node:assert/strict";
import { PRODUCTION_COOKIES } from "../../support/cookies";
import { E2E_SSO_NAME } from "../support/app-server";
import { uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

export const signInWithSso = journey(
  "continue with the company's SSO: its sign-in page, then the dashboard with our tokens only",
  async ({ device, origin }) => {
    const { context, page } = await device();
    const email = uniqueEmail("sso");
    await page.goto("/login");
    await page.getByRole("button", { name: `Continue with ${E2E_SSO_NAME}` }).click();
    // The provider's own page, on its own origin.
    const login = page.locator('input[name="login"]');
    await login.waitFor();
    assert.notEqual(new URL(page.url()).origin, origin);
    await login.fill(email);
    await page.locator('input[name="password"]').fill("typed at the provider");
    await page.getByRole("button", { name: "Sign-in" }).click();

    await page.waitForURL("**/dashboard");
    await page.getByRole("banner").getByText(email).waitFor();
    const names = (await context.cookies(origin)).map((cookie) => cookie.name);
    assert.ok(names.includes(PRODUCTION_COOKIES.access), "our access token");
    assert.ok(names.includes(PRODUCTION_COOKIES.refresh), "our refresh token");
    assert.ok(!names.some((name) => /better-auth\.session_/.test(name)), names.join(", "));

    // Settings lists the provider as this account's only way to sign in, kept.
    await page.goto("/settings");
    const keep = page.getByRole("button", { name: `Disconnect ${E2E_SSO_NAME}` });
    await keep.waitFor();
    assert.equal(await keep.isDisabled(), true);
    await page.getByRole("button", { name: "Email me a link to set a password" }).waitFor();
  },
);
