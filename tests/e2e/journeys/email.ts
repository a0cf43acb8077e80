import assert from "node:assert/strict";
import { verificationLinkFor } from "../support/app-server";
import { axeViolations, loadAxe } from "../support/axe";
import { PASSWORD, register, switchColorScheme, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

export const emailVerification = journey(
  "email verification: the link from the development outbox verifies the address, the banner goes, settings says verified; a change of address waits for its link",
  async ({ device, origin, outboxDir }) => {
    const { page } = await device();
    const email = uniqueEmail("verify");
    await register(page, email);
    const banner = page.getByRole("region", { name: "Email verification" });
    await banner.getByText("Please verify your email address").waitFor();
    await page.goto("/settings");
    await page.getByText("Not verified").waitFor();
    // One resend button on the screen: the banner points to it instead of repeating it.
    const resend = page.getByRole("button", { name: "Resend the verification link" });
    assert.equal(await resend.count(), 1, "one resend button on Settings");
    await banner.getByRole("link", { name: "Get a new one under Email" }).click();
    await page.waitForFunction(() => window.location.hash === "#email");
    await loadAxe(page);
    for (const scheme of ["light", "dark"] as const) {
      await switchColorScheme(page, scheme);
      assert.deepEqual(await axeViolations(page), [], `unverified settings, ${scheme}`);
    }

    const link = await verificationLinkFor(outboxDir, email);
    assert.equal(new URL(link).origin, origin, "the link points at BETTER_AUTH_URL");
    await page.goto(link);
    await page.waitForURL((url) => url.pathname === "/dashboard");
    await page.getByText("Thanks: your email address is verified.").waitFor();
    assert.ok(!page.url().includes("verified="), "the confirmation leaves the address bar");
    await page.reload();
    await page.getByRole("heading", { name: "Your tasks" }).waitFor();
    assert.equal(await banner.count(), 0, "no banner once verified");

    await page.goto("/settings");
    await page.getByText("Verified", { exact: true }).waitFor();
    assert.equal(await page.getByText("Not verified").count(), 0);

    // A change of address: the password, a link to the new one; it changes when followed.
    const newEmail = uniqueEmail("verify-new");
    await page.getByLabel("New email").fill(newEmail);
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Send verification link" }).click();
    await page.getByText(`We sent a link to ${newEmail}`).waitFor();
    await page.goto(await verificationLinkFor(outboxDir, newEmail));
    // The page after the link names the new address.
    await page.getByRole("heading", { name: "Your email address has changed" }).waitFor();
    await page.getByText(newEmail, { exact: true }).waitFor();
    await page.goto("/settings");
    await page.getByText(newEmail, { exact: true }).first().waitFor();
    await page.getByText("Verified", { exact: true }).waitFor();

    // The first link a second time: used, so it offers a new one.
    await page.goto(link);
    await page.getByRole("heading", { name: "This link no longer works" }).waitFor();
    await page.getByRole("button", { name: "Send a new link" }).waitFor();
  },
);
