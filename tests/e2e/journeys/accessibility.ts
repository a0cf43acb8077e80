import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { E2E_ADMIN_EMAIL } from "../support/app-server";
import { axeViolations, loadAxe } from "../support/axe";
import { signIn, switchColorScheme } from "../support/browser";
import { journey } from "../support/journey";
import { GUEST_PAGES, SIGNED_IN_PAGES } from "../support/pages";

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

/**
 * Every page, light and dark, desktop and mobile: axe reports no violation, nothing logs a
 * console error or answers 404 (a missing favicon did, on every page), and the manifest is
 * served. One journey for all 4 combinations keeps the e2e run short.
 */
export const accessiblePages = journey(
  "every page, light and dark, desktop and mobile: no axe violation, no console error, icon and manifest",
  async ({ device }) => {
    const guest = await device();
    const admin = await device();
    await admin.page.goto("/login");
    await signIn(admin.page, E2E_ADMIN_EMAIL);
    await admin.page.waitForURL("**/dashboard");
    await admin.context.request.post("/api/tasks", {
      data: { title: "A finished task", status: "completed", dueDate: "2020-01-01" },
    });
    await admin.context.request.post("/api/tasks", {
      data: { title: "An open task", priority: "high" },
    });

    const pages: [Page, string][] = [
      ...GUEST_PAGES.map((path): [Page, string] => [guest.page, path]),
      ...SIGNED_IN_PAGES.map((path): [Page, string] => [admin.page, path]),
    ];
    const problems: string[] = [];
    for (const target of [guest.page, admin.page]) {
      target.on("console", (message) => {
        // The 404 page's status is reported by the browser as a failed load: that one is expected.
        const notFoundPage =
          new URL(message.location().url || target.url()).pathname === "/no-such-page";
        if (message.type() === "error" && !notFoundPage) {
          problems.push(`console: ${message.text()} (${target.url()})`);
        }
      });
      target.on("response", (response) => {
        const { pathname } = new URL(response.url());
        if (response.status() === 404 && pathname !== "/no-such-page") {
          problems.push(`404: ${pathname}`);
        }
      });
    }

    // One visit per page; the four combinations are switched in place (media emulation and the
    // viewport apply live), which keeps this journey to a few seconds per page.
    for (const [page, path] of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await loadAxe(page);
      for (const viewport of VIEWPORTS) {
        for (const scheme of ["light", "dark"] as const) {
          await page.setViewportSize(viewport);
          // A hovered button keeps its contrast too (the dark primary's hover once had 3.1:1).
          const submit = page.locator('button[type="submit"]:visible').first();
          if (await submit.count()) await submit.hover();
          // Colours change through CSS transitions: measure them once they have settled.
          await switchColorScheme(page, scheme);
          for (const violation of await axeViolations(page)) {
            problems.push(`${path} ${scheme} ${viewport.name}: ${violation}`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);

    // The admin table on a 390 px phone: the page itself does not scroll sideways; the table's
    // own region does, says so, and takes keyboard focus.
    await admin.page.setViewportSize({ width: 390, height: 844 });
    await admin.page.goto("/admin");
    await admin.page.getByText("Swipe sideways to see every column.").waitFor();
    const region = admin.page.getByRole("region", { name: "Users table" });
    const layout = await region.evaluate((element) => ({
      page: document.documentElement.scrollWidth,
      scrolls: element.scrollWidth > element.clientWidth,
      focusable: element.tabIndex === 0,
    }));
    assert.ok(layout.page <= 390, `the page is ${layout.page} px wide`);
    assert.ok(layout.scrolls && layout.focusable, JSON.stringify(layout));

    const icon = await guest.page.locator('link[rel="icon"]').getAttribute("href");
    assert.ok(icon, "every page names an icon");
    assert.equal((await guest.context.request.get(icon)).status(), 200);
    const manifest = await guest.context.request.get("/manifest.webmanifest");
    assert.equal(manifest.status(), 200);
    assert.equal((await manifest.json()).name, "Taskflow");
  },
);
