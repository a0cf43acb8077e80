import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { PRODUCTION_COOKIES } from "../../support/cookies";
import { E2E_ADMIN_EMAIL, verificationLinkFor } from "../support/app-server";
import { PASSWORD, register, signIn, switchColorScheme, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

/** Signs the admin in and opens the console with `email`'s account found and opened. */
async function manage(admin: Page, email: string): Promise<void> {
  if (!admin.url().endsWith("/admin")) {
    await admin.goto("/login");
    await signIn(admin, E2E_ADMIN_EMAIL);
    await admin.waitForURL("**/dashboard");
    await admin
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Admin" })
      .click();
    await admin.waitForURL("**/admin");
  }
  await admin.getByLabel("Find a user by email or name").fill(email);
  await admin.getByRole("button", { name: "Search" }).click();
  await admin.getByText(`1 found for “${email}”.`).waitFor();
  await admin.getByRole("button", { name: `Manage ${email}` }).click();
  await admin.getByRole("heading", { name: `Manage ${email}` }).waitFor();
}

async function setRole(admin: Page, email: string, role: "admin" | "user"): Promise<void> {
  await admin.getByLabel("Role", { exact: true }).selectOption(role);
  await admin.getByRole("button", { name: "Change role" }).click();
  await admin.getByText(`${email} is now ${role === "admin" ? "an admin" : "a user"}.`).waitFor();
}

export const adminOnly = journey(
  "a non-admin never sees the admin link and gets a 403 page; an admin promotes them",
  async ({ device, outboxDir }) => {
    const member = await device();
    const email = uniqueEmail("member");
    await register(member.page, email);
    const nav = member.page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Settings" }).waitFor();
    assert.equal(await nav.getByRole("link", { name: "Admin" }).count(), 0);
    const refreshCookie = async () =>
      (await member.context.cookies()).find((cookie) => cookie.name === PRODUCTION_COOKIES.refresh)
        ?.value;
    const before = await refreshCookie();
    assert.ok(before, "the browser holds the refresh cookie under its production (__Host-) name");
    const denied = await member.page.goto("/admin");
    assert.equal(denied?.status(), 403);
    await member.page.getByRole("heading", { name: "This page is for administrators" }).waitFor();
    assert.equal((await denied?.allHeaders())?.["x-middleware-rewrite"], undefined);
    assert.equal((await member.page.goto("/admin"))?.status(), 403);
    assert.equal(await refreshCookie(), before, "visits to /admin do not rotate the refresh token");

    // Only a proven address becomes admin: the member follows the link mailed at sign-up.
    await member.page.goto(await verificationLinkFor(outboxDir, email));
    const admin = await device();
    await manage(admin.page, email);
    await setRole(admin.page, email, "admin");

    // The member's token still says "user": the middleware refreshes it to see the new role.
    const allowed = await member.page.goto("/admin");
    assert.equal(allowed?.status(), 200);
    await member.page.getByRole("heading", { name: "Admin", exact: true }).waitFor();

    // Demoted again: the token now says "admin", so the middleware lets the page through, and
    // the page's own check against the database answers 403.
    await setRole(admin.page, email, "user");
    const demoted = await member.page.goto("/admin");
    assert.equal(demoted?.status(), 403);
    await member.page.getByRole("heading", { name: "This page is for administrators" }).waitFor();
    assert.equal(
      await member.page.getByRole("navigation", { name: "Main" }).count(),
      0,
      "the 403 page shows no admin navigation",
    );
  },
);

export const settingsJourney = journey(
  "settings: rename, change the password, then delete the account with the password",
  async ({ device }) => {
    const { page } = await device();
    const email = uniqueEmail("settings");
    await register(page, email, "Grace");
    await page.goto("/settings");

    await page.getByLabel("Name").fill("Grace Hopper");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByText("Your name has been saved.").waitFor();

    const newPassword = `${PASSWORD} 2`;
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Incorrect password").waitFor();
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Your password has been changed.").waitFor();
    // The form was reset: no strength hint left for a password no longer there.
    assert.equal(await page.getByText(/^Strength: /).count(), 0);

    // Still signed in after the change (a new session replaced the revoked ones).
    await page.goto("/dashboard");
    await page.getByText("Hi Grace Hopper.").waitFor();

    await page.goto("/settings");
    await page.getByRole("button", { name: "Delete account…" }).click();
    await page.getByLabel("Enter your password to confirm").fill(PASSWORD);
    await page.getByRole("button", { name: "Permanently delete my account" }).click();
    await page.getByText("Incorrect password").waitFor();
    await page.getByLabel("Enter your password to confirm").fill(newPassword);
    await page.getByRole("button", { name: "Permanently delete my account" }).click();
    await page.waitForURL("**/account-deleted");
    await page.getByRole("heading", { name: "Your account has been deleted" }).waitFor();

    await page.goto("/login");
    await signIn(page, email, newPassword);
    await page.getByText("Incorrect email or password").waitFor();
  },
);

export const disableUser = journey(
  "an admin finds a user and disables them: that user's open tab goes to sign in, refused",
  async (run) => {
    const member = await run.device();
    const email = uniqueEmail("disabled");
    await register(member.page, email);
    await member.page.getByRole("navigation", { name: "Main" }).waitFor();

    const admin = await run.device();
    await manage(admin.page, email);
    await admin.page.getByLabel("Reason (kept in the audit trail)").fill("Sends spam");
    await admin.page.getByRole("button", { name: "Disable", exact: true }).click();
    await admin.page.getByText(`${email} is disabled and signed out everywhere.`).waitFor();
    const trail = admin.page.getByRole("region", { name: "Audit trail" });
    await trail.getByText(email).first().waitFor();
    for (const scheme of ["light", "dark"] as const) {
      await switchColorScheme(admin.page, scheme);
      await run.screenshot(admin.page, `admin-console-${scheme}`);
    }

    // The tab's next request: its access token names a session that no longer exists.
    await member.page.reload();
    await member.page.waitForURL("**/login**");
    await signIn(member.page, email);
    await member.page.getByText("This account has been disabled by an administrator").waitFor();
  },
);
