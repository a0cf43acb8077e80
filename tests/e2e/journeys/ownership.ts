import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { resetLinkFor } from "../support/app-server";
import { PASSWORD, register, signIn, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";
import { addVirtualAuthenticator } from "../support/virtual-authenticator";

const OWNER_PASSWORD = `${PASSWORD} of the owner`;

const passkeysOf = (page: Page) => page.getByRole("region", { name: "Passkeys" });

async function tryToAddPasskey(page: Page, name: string) {
  await page.goto("/settings");
  const section = passkeysOf(page);
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await section.getByLabel("Name").fill(name);
  await section.getByRole("button", { name: "Continue" }).click();
  return section;
}

export const recoveredFromAnotherRegistrant = journey(
  "account ownership: someone registers the owner's address and tries a passkey of theirs; the owner recovers the account with a reset, and their passkey and password sign nobody in",
  async ({ device, outboxDir }) => {
    const email = uniqueEmail("owned");

    // The other party: registers the address with a password of theirs, and would plant a
    // passkey (Chromium's virtual authenticator). The address is unproven: Settings offers no way
    // to add one (the server refuses it too: account-ownership tests), and none is created.
    const other = await device();
    const theirAuthenticator = await addVirtualAuthenticator(other.context, other.page);
    await register(other.page, email);
    await other.page.goto("/settings");
    const refused = passkeysOf(other.page);
    await refused.getByText("Confirm your email address first").waitFor();
    assert.equal(await refused.getByRole("button", { name: "Add a passkey" }).count(), 0);
    assert.equal((await theirAuthenticator.credentials()).length, 0);

    // The owner: her address is taken, so she chooses a password with a link to her mailbox.
    const owner = await device();
    const ownerAuthenticator = await addVirtualAuthenticator(owner.context, owner.page);
    await owner.page.goto("/login");
    await owner.page.getByRole("link", { name: "Forgot your password?" }).click();
    await owner.page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await owner.page.getByLabel("Email").fill(email);
    await owner.page.getByRole("button", { name: "Send reset link" }).click();
    await owner.page.getByText(`If an account exists for ${email}`).waitFor();
    await owner.page.goto(await resetLinkFor(outboxDir, email));
    await owner.page.getByLabel("New password", { exact: true }).fill(OWNER_PASSWORD);
    await owner.page.getByRole("button", { name: "Set new password" }).click();
    await owner.page.waitForURL("**/login?reset=1");
    await signIn(owner.page, email, OWNER_PASSWORD);
    await owner.page.waitForURL("**/dashboard");

    // The account is hers now: proven, so a passkey of her own is accepted.
    const hers = await tryToAddPasskey(owner.page, "Her laptop");
    await hers.getByText("Added the passkey “Her laptop”.").waitFor();
    assert.equal((await ownerAuthenticator.credentials()).length, 1);

    // The other party: signed out everywhere, and neither their passkey nor their password
    // signs in.
    await other.page.goto("/dashboard");
    await other.page.waitForURL((url) => url.pathname === "/login");
    await other.page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await other.page.getByText("Try again, or sign in with your password.").waitFor();
    assert.equal(new URL(other.page.url()).pathname, "/login");
    await signIn(other.page, email, PASSWORD);
    await other.page.getByRole("alert").getByText("Incorrect email or password").waitFor();
    assert.equal(new URL(other.page.url()).pathname, "/login");

    // Her passkey signs her in.
    await owner.context.clearCookies();
    await owner.page.goto("/login");
    await owner.page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await owner.page.waitForURL("**/dashboard");
  },
);
