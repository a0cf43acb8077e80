import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { resetLinkFor } from "../support/app-server";
import { PASSWORD, register, signIn, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
}

/**
 * A 429 is said once, above the form, and that one message counts down (no second line under
 * the button counts beside a frozen one).
 */
export async function expectCountdown(page: Page) {
  const waiting = page
    .getByRole("alert")
    .getByText(/^Too many attempts\. Try again in \d+ seconds?\.$/);
  await waiting.waitFor();
  const first = await waiting.textContent();
  await page.waitForFunction(
    (shown) =>
      [...document.querySelectorAll('[role="alert"]')].some(
        (alert) =>
          /Try again in \d+ second/.test(alert.textContent ?? "") && alert.textContent !== shown,
      ),
    first,
  );
  assert.equal(await page.getByText(/Try again in|You can try again/).count(), 1);
}

/**
 * Password guesses sent at once from the page, as a script in it would (at most six: the browser
 * sends no more at a time to one origin), answering their statuses. A limit counts a guess as it
 * arrives: one after another, each waiting for its cost-12 hash on a busy machine, guesses can
 * stay under the limit's rate and never reach it.
 */
function guessesAtOnce(page: Page, path: string, bodies: object[]): Promise<number[]> {
  return page.evaluate(
    ({ path, bodies }) =>
      Promise.all(
        bodies.map(
          async (body) =>
            (
              await fetch(path, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(body),
              })
            ).status,
        ),
      ),
    { path, bodies },
  );
}

export const rateLimited = journey(
  "after 5 failed sign-ins the form says when to try again and holds the button; the owner's own browser still signs in",
  async ({ device, screenshot }) => {
    const owner = await device();
    const email = uniqueEmail("limited");
    await register(owner.page, email);
    await signOut(owner.page);
    // The guesses come from another browser: the owner's carries a device cookie and counts
    // in a bucket of its own (docs/features.md, "Rate limits").
    const { page } = await device();
    await page.goto("/login");

    const attempt = async (password: string) => {
      const [response] = await Promise.all([
        page.waitForResponse((answer) => new URL(answer.url()).pathname === "/api/auth/login"),
        signIn(page, email, password),
      ]);
      return response.status();
    };
    const firstFour = [1, 2, 3, 4].map((guess) => ({ email, password: `wrong password ${guess}` }));
    assert.deepEqual(await guessesAtOnce(page, "/api/auth/login", firstFour), [401, 401, 401, 401]);
    assert.equal(await attempt("wrong password 5"), 401);
    await page.getByRole("alert").getByText("Incorrect email or password").waitFor();
    // The sixth is refused; across a minute boundary the sliding window lets one more through
    // (docs/features.md, "Rate limits"), so the seventh at the latest.
    let status = await attempt("wrong password 6");
    if (status === 401) status = await attempt("wrong password 7");
    assert.equal(status, 429);
    await expectCountdown(page);
    assert.equal(
      await page.getByRole("button", { name: "Sign in", exact: true }).isDisabled(),
      true,
    );
    assert.equal(new URL(page.url()).pathname, "/login");
    await screenshot(page, "login-rate-limited");

    await signIn(owner.page, email);
    await owner.page.waitForURL("**/dashboard");
  },
);

export const passwordReset = journey(
  "forgot password: the emailed link sets a new password, and the old one stops working",
  async ({ device, origin, outboxDir }) => {
    const { page } = await device();
    const email = uniqueEmail("reset");
    await register(page, email);
    await signOut(page);

    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByText(`If an account exists for ${email}`).waitFor();

    const link = await resetLinkFor(outboxDir, email);
    assert.equal(new URL(link).origin, origin, "the link points at BETTER_AUTH_URL");
    await page.goto(link);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    // The token leaves the address bar as soon as the page has it.
    await page.waitForURL((url) => url.pathname === "/reset-password" && !url.search);

    const newPassword = `${PASSWORD} renewed`;
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.waitForURL("**/login?reset=1");
    await page.getByText("Your password has been changed.").waitFor();

    await signIn(page, email, PASSWORD);
    await page.getByRole("alert").getByText("Incorrect email or password").waitFor();
    await signIn(page, email, newPassword);
    await page.waitForURL("**/dashboard");

    // The link works once: opened again, it says so at once (no form to fill in for nothing)
    // and offers a new link.
    const stranger = await device();
    await stranger.page.goto(link);
    await stranger.page
      .getByText("This reset link is invalid, has expired or was already used.")
      .waitFor();
    assert.equal(await stranger.page.getByLabel("New password", { exact: true }).count(), 0);
    await stranger.page.getByRole("link", { name: "Request a new one" }).click();
    await stranger.page.waitForURL("**/forgot-password");
  },
);

export const framingRefused = journey(
  "no answer can be framed, the ones the proxy never sees included, and none names a rewrite",
  async ({ device }) => {
    const { page } = await device();
    for (const path of [
      "/",
      "/login",
      "/robots.txt",
      "/dashboard/x.png",
      "/no-such-page",
      "/api/health",
    ]) {
      const response = await page.goto(path);
      const headers = (await response?.allHeaders()) ?? {};
      const framing =
        headers["x-frame-options"] === "DENY" ||
        /frame-ancestors 'none'/.test(headers["content-security-policy"] ?? "");
      assert.ok(framing, `${path} can be framed`);
      const internal = Object.keys(headers).filter((name) => name.startsWith("x-middleware-"));
      assert.deepEqual(internal, [], `${path} sends ${internal.join(", ")}`);
    }
  },
);
