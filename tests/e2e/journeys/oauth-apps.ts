import assert from "node:assert/strict";
import { proveAddress } from "../support/app-server";
import { register, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

export const appRegisteredInSettings = journey(
  "Developer apps: register a server app, copy its secret once, see its client ID, delete it",
  async ({ device, outboxDir }) => {
    const { page } = await device();
    const email = uniqueEmail("developer");
    await register(page, email);
    await proveAddress(page, outboxDir, email);
    await page.goto("/settings");
    const section = page.locator("#developer-apps");
    await section.getByText("No apps registered yet").waitFor();

    await section.getByRole("button", { name: "Register an app" }).click();
    await section.getByLabel("Name").fill("Sync tool");
    await section.getByLabel("Server app").check();
    // A plain http address on the network is refused, naming the line.
    await section.getByLabel("Redirect URIs").fill("http://sync.example.com/callback");
    await section.getByRole("button", { name: "Register app" }).click();
    await section.getByText(/Line 1: http:\/\/ is allowed only/).waitFor();

    await section.getByLabel("Redirect URIs").fill("https://sync.example.com/callback");
    await section.getByRole("button", { name: "Register app" }).click();
    const secret = await section.getByLabel("The client secret of Sync tool").inputValue();
    assert.match(secret, /^tfcs_[A-Za-z0-9_-]{43}$/);
    const clientId = await section.locator("code", { hasText: /^tfc_/ }).first().textContent();
    assert.match(clientId ?? "", /^tfc_[A-Za-z0-9_-]{22}$/);

    // Shown once: after a reload the client ID is there, the secret is not.
    await page.reload();
    await section.getByText(clientId ?? "").waitFor();
    assert.equal(await page.getByText(secret).count(), 0);

    await section.getByRole("button", { name: "Delete Sync tool" }).click();
    await section.getByRole("button", { name: "Delete app" }).click();
    await section.getByText("No apps registered yet").waitFor();
  },
);
