import assert from "node:assert/strict";
import type { Page, Response } from "playwright-core";
import { PRODUCTION_COOKIES } from "../../support/cookies";
import { accessCookie, register, signIn, uniqueEmail } from "../support/browser";
import { eventually } from "../support/eventually";
import { journey, STEP_TIMEOUT_MS } from "../support/journey";
import { addTask } from "./tasks";

/**
 * How long a tab may take to refresh on its own: the suite's access tokens live a minute
 * (support/app-server.ts) and are refreshed a quarter before the end; then a step's time.
 */
const REFRESHED_WITHIN_MS = 45_000 + STEP_TIMEOUT_MS;

const isRefresh = (response: Response) =>
  new URL(response.url()).pathname === "/api/auth/refresh" &&
  response.request().method() === "POST";

/** Every API answer a page gets, to prove that nothing was refused along the way. */
function recordApiStatuses(page: Page): { path: string; status: number }[] {
  const seen: { path: string; status: number }[] = [];
  page.on("response", (response: Response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/api/"))
      seen.push({ path: url.pathname, status: response.status() });
  });
  return seen;
}

export const tokenRefreshedUnnoticed = journey(
  "an expiring access token is refreshed while the tab is open, without the user noticing",
  async ({ device }) => {
    const { context, page } = await device();
    await register(page, uniqueEmail("expiry"));
    const first = await accessCookie(context);
    assert.ok(first, "the browser holds the access cookie under its production (__Host-) name");
    const statuses = recordApiStatuses(page);

    // Nobody does anything: the tab refreshes by itself before its token expires.
    const refreshed = await page.waitForResponse(isRefresh, { timeout: REFRESHED_WITHIN_MS });
    await refreshed.finished();
    const second = await accessCookie(context);
    assert.ok(second, "the tab holds an access token after its refresh");
    assert.notEqual(second, first);
    assert.deepEqual(
      statuses.filter((seen) => seen.path === "/api/auth/refresh").map((seen) => seen.status),
      [200],
    );
    await addTask(page, "Still signed in");
    assert.equal(new URL(page.url()).pathname, "/dashboard");

    // A token lost anyway (a laptop asleep past its expiry): the next call refreshes and retries.
    await context.clearCookies({ name: PRODUCTION_COOKIES.access });
    await addTask(page, "Still signed in after sleep");
    assert.equal(new URL(page.url()).pathname, "/dashboard");
    const refused = statuses.filter((seen) => seen.status === 401).map((seen) => seen.path);
    assert.deepEqual(refused, ["/api/tasks"], "only the one call made without a token was refused");
    await page.reload();
    await page.getByRole("checkbox", { name: "Still signed in after sleep" }).waitFor();
  },
);

export const twoTabs = journey(
  "two tabs stay signed in across refreshes, even refreshing at the same moment",
  async ({ device }) => {
    const { context, page: first } = await device();
    await register(first, uniqueEmail("tabs"));
    const second = await context.newPage();
    await second.goto("/dashboard");

    // The third refresh answer: the two below, then the tabs' own.
    let refreshes = 0;
    const byTheTabs = context.waitForEvent("response", {
      predicate: (response) => isRefresh(response) && ++refreshes === 3,
      timeout: REFRESHED_WITHIN_MS,
    });

    // Both tabs refresh with the same refresh token at once: the grace window answers both.
    const refresh = (page: Page) =>
      page.evaluate(async () => (await fetch("/api/auth/refresh", { method: "POST" })).status);
    assert.deepEqual(await Promise.all([refresh(first), refresh(second)]), [200, 200]);

    // Then their timers, set for the same expiry, fire together: one tab refreshes, the other
    // finds it done.
    assert.equal((await byTheTabs).status(), 200);
    for (const [index, page] of [first, second].entries()) {
      await addTask(page, `From tab ${index + 1}`);
      await page.reload();
      assert.equal(new URL(page.url()).pathname, "/dashboard");
    }
    await second.getByRole("checkbox", { name: "From tab 1" }).waitFor();
  },
);

export const signOutEverywhereElse = journey(
  "sign out everywhere else ends the other browser's session",
  async ({ device }) => {
    const email = uniqueEmail("everywhere");
    const laptop = await device();
    await register(laptop.page, email);
    const phone = await device();
    await phone.page.goto("/login");
    await signIn(phone.page, email);
    await phone.page.waitForURL("**/dashboard");

    await laptop.page.goto("/settings");
    const sessions = laptop.page.getByRole("region", { name: "Active sessions" });
    await sessions.getByText("This device").waitFor();
    assert.equal(await sessions.getByRole("listitem").count(), 2);
    await laptop.page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await laptop.page.getByText("Signed out 1 other device.").waitFor();
    await eventually(() => sessions.getByRole("listitem").count(), 1);

    // The phone's access token still has a valid signature, but its session is gone: sign in
    // again, then back to the page as it was asked for, query included.
    await phone.page.goto("/dashboard?sort=title");
    await phone.page.waitForURL("**/login?next=%2Fdashboard%3Fsort%3Dtitle");
    await phone.page.goto("/dashboard");
    await phone.page.waitForURL("**/login?next=%2Fdashboard");
    // The laptop carries on.
    await laptop.page.goto("/dashboard");
    assert.equal(new URL(laptop.page.url()).pathname, "/dashboard");
  },
);
