import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { proveAddress } from "../support/app-server";
import { PASSWORD, register, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

const apiKeysOf = (page: Page) => page.locator("#api-keys");

export const apiKeyShownOnceThenRevoked = journey(
  "API keys: create a read-only key in settings, see it once, use it from a script, revoke it",
  async ({ device, origin, outboxDir }) => {
    const { page } = await device();
    const email = uniqueEmail("api-key");
    await register(page, email);
    await proveAddress(page, outboxDir, email);
    await page.goto("/settings");
    const section = apiKeysOf(page);
    await section.getByText("No API keys yet").waitFor();

    await section.getByRole("button", { name: "Create an API key" }).click();
    await section.getByLabel("Name", { exact: true }).fill("Backup script");
    await section.getByLabel(/See your tasks/).check();
    await section.getByLabel("Expires after").selectOption("7");
    await section.getByLabel("Your password, to confirm").fill(PASSWORD);
    await section.getByRole("button", { name: "Create key" }).click();
    const shown = section.getByLabel("The API key Backup script");
    const key = await shown.inputValue();
    assert.match(key, /^tfk_[A-Za-z0-9_-]{43}$/);
    await section.getByText(`tfk_…${key.slice(-4)}`).waitFor();

    // A script, with no cookie: the key reads tasks and may not write them.
    const script = (method: string) =>
      fetch(`${origin}/api/tasks`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: method === "POST" ? JSON.stringify({ title: "From a script" }) : undefined,
      });
    assert.equal((await script("GET")).status, 200);
    assert.equal((await script("POST")).status, 403);

    // Shown once: after a reload only its last four characters are left.
    await page.reload();
    await section.getByText(`tfk_…${key.slice(-4)}`).waitFor();
    assert.equal(await page.getByText(key).count(), 0);
    assert.equal(await section.getByLabel("The API key Backup script").count(), 0);

    await section.getByRole("button", { name: "Revoke Backup script" }).click();
    await section.getByText("No API keys yet").waitFor();
    assert.equal((await script("GET")).status, 401);
  },
);
