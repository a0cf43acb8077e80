import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { E2E_ADMIN_EMAIL } from "../support/app-server";
import { beginAuthenticatorSetup, confirmAuthenticator } from "../support/authenticator-app";
import { register, signIn, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

const NOTICE = "Administrators must use a second factor";

/** The notice as assistive technology finds it: an alert, named by its text. */
const noticeOn = (page: Page) => page.getByRole("alert").filter({ hasText: NOTICE });

/** Settings, with the notice on screen where the page landed (not below the fold). */
async function assertSentToSettings(page: Page, after: string) {
  assert.equal(new URL(page.url()).pathname, "/settings", `${after} leads to Settings`);
  const notice = noticeOn(page);
  await notice.waitFor();
  const box = await notice.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  assert.ok(box && box.y >= 0 && box.y + box.height <= height, `the notice is in view ${after}`);
}

/** Runs on a server started with REQUIRE_ADMIN_2FA=true (journeys/index.ts). */
export const adminNeedsSecondFactor = journey(
  "REQUIRE_ADMIN_2FA: an admin without a second factor is sent to Settings, told why, until one is set up; a member is not",
  async ({ device, screenshot }) => {
    const { page } = await device();
    await page.goto("/login");
    await signIn(page, E2E_ADMIN_EMAIL);
    // Signing in goes to the dashboard, which sends this admin on.
    await page.waitForURL((url) => url.pathname === "/settings");
    await assertSentToSettings(page, "after signing in");
    for (const path of ["/admin", "/dashboard"]) {
      await page.goto(path);
      await assertSentToSettings(page, `after ${path}`);
    }
    await screenshot(page, "settings-admin-second-factor-required");

    const { section, app } = await beginAuthenticatorSetup(page);
    await confirmAuthenticator(section, app);
    await section.getByRole("button", { name: "I’ve saved them" }).click();
    await section.getByText("On. Signing in asks for a code").waitFor();
    await noticeOn(page).waitFor({ state: "detached" });

    const adminPage = await page.goto("/admin");
    assert.equal(adminPage?.status(), 200);
    assert.equal(new URL(page.url()).pathname, "/admin");
    await page.getByRole("heading", { name: "Admin", exact: true }).waitFor();

    // The requirement is the admins': a member on the same server, without a second factor,
    // lands on the dashboard after signing up (register waits for it) and is told nothing.
    const member = await device();
    await register(member.page, uniqueEmail("member"));
    await member.page.goto("/settings");
    await member.page.getByRole("region", { name: "Two-factor authentication" }).waitFor();
    assert.equal(await member.page.getByText(NOTICE).count(), 0);
  },
);
