import assert from "node:assert/strict";
import type { APIRequestContext } from "playwright-core";
import { PASSWORD, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";
import { expectCountdown } from "./abuse";

/**
 * Guesses sent at once with a browser's cookies, as a script of that browser would; resolves once
 * the limit refuses one. A limit counts a guess as it arrives and refuses before any hashing, while
 * the others wait for their cost-12 hash: sent one after another, or six at a time as the browser
 * sends them, the guesses of a busy machine stayed under ten a minute.
 */
function refusedAmongGuesses(
  request: APIRequestContext,
  origin: string,
  path: string,
  bodies: object[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const answers = bodies.map(async (data) => {
      if ((await request.post(path, { data, headers: { origin } })).status() === 429) resolve();
    });
    Promise.all(answers).then(() => reject(new Error(`no guess at ${path} was refused`)), reject);
  });
}

export const choosingPasswords = journey(
  "choosing a password: the rules are said as you type, a common one is refused, and a 429 on change-password says the wait",
  async ({ device, origin }) => {
    const { context, page } = await device();
    await page.goto("/register");
    await page.getByLabel("Email").fill(uniqueEmail("chooser"));
    const password = page.getByLabel("Password", { exact: true });
    await password.fill("aaaaaaaa");
    await page.getByText("Too easy to guess: avoid repeating the same few characters").waitFor();
    await password.fill("12345678");
    await page.getByText("Too easy to guess: avoid runs like 12345678 or abcdefgh").waitFor();

    // Common passwords are the server's list: the page cannot know, the sign-up is refused.
    await password.fill("password");
    await page.getByText(/^Strength: /).waitFor();
    await page.getByRole("button", { name: "Create account" }).click();
    await page
      .getByText("This is one of the most commonly used passwords: choose another")
      .waitFor();
    assert.equal(new URL(page.url()).pathname, "/register");

    await password.fill(PASSWORD);
    await page.getByText("Strength: Strong").waitFor();
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/dashboard");

    await page.goto("/settings");
    await page.getByLabel("New password").fill(PASSWORD);
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Choose a password different from your current one").waitFor();

    // Each wrong current password is a guess at it, counted as a sign-in (10 a minute from a
    // browser that signed in before, its device bucket): eleven at once fill the minute, and
    // the form's guess is refused and says the wait.
    const newPassword = `${PASSWORD} again`;
    const elevenGuesses = Array.from({ length: 11 }, (_, guess) => ({
      currentPassword: `scripted guess ${guess}`,
      newPassword,
    }));
    await refusedAmongGuesses(context.request, origin, "/api/auth/change-password", elevenGuesses);
    await page.getByLabel("New password").fill(newPassword);
    let limited = false;
    for (let guess = 1; guess <= 30 && !limited; guess += 1) {
      const submit = page.getByRole("button", { name: "Change password" });
      await submit.and(page.locator(":enabled")).waitFor();
      await page.getByLabel("Current password").fill(`wrong guess ${guess}`);
      const [answer] = await Promise.all([
        page.waitForResponse((response) => response.url().endsWith("/api/auth/change-password")),
        submit.click(),
      ]);
      // A wait of a second or two (the window about to slide) may be over before it is read:
      // keep guessing until one is long enough to watch count down.
      limited = answer.status() === 429 && Number(answer.headers()["retry-after"]) >= 3;
      if (answer.status() === 400) await page.getByText("Incorrect password").waitFor();
    }
    assert.ok(limited, "change-password was never limited");
    await expectCountdown(page);
    assert.equal(await page.getByRole("button", { name: "Change password" }).isDisabled(), true);
  },
);
