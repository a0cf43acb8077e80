import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { register, signIn, uniqueEmail } from "../support/browser";
import { eventually } from "../support/eventually";
import { journey } from "../support/journey";
import { addTask, expectStat, taskSaved, tasksList } from "./tasks";

const titles = (page: Page) =>
  tasksList(page)
    .locator('[id$="-title"]')
    .allTextContents()
    .catch(() => [] as string[]);

/** The element that has keyboard focus, described by its accessible label or id. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "body";
    const labelledBy = element.getAttribute("aria-labelledby");
    const label = labelledBy ? document.getElementById(labelledBy)?.textContent : null;
    return `${element.tagName.toLowerCase()}:${label ?? element.getAttribute("aria-label") ?? element.id}`;
  });

export const freshAfterBack = journey(
  "after Back (router cache or back-forward cache) the dashboard shows the current tasks and statistics",
  async ({ device }) => {
    const { context, page } = await device();
    await register(page, uniqueEmail("back"));
    for (const title of ["Plan the week", "Buy stamps", "Call the bank", "Water the fern"]) {
      await addTask(page, title);
    }
    await page.getByRole("button", { name: "Delete “Buy stamps”" }).click();
    await page.getByText("Deleted “Buy stamps”.").waitFor();

    // Client-side navigation to Settings and Back: the router cache's copy of the first render.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Settings" })
      .click();
    await page.waitForURL("**/settings");
    await context.request.post("/api/tasks", { data: { title: "Added from the phone" } });
    await page.goBack();
    await page.waitForURL("**/dashboard");
    await page.getByRole("checkbox", { name: "Added from the phone" }).waitFor();
    await expectStat(page, "Open", "4");
    assert.deepEqual((await titles(page)).sort(), [
      "Added from the phone",
      "Call the bank",
      "Plan the week",
      "Water the fern",
    ]);

    // A full navigation away and Back: the page may come back frozen from the back-forward cache.
    await page.goto("/settings");
    await context.request.post("/api/tasks", { data: { title: "Added while away" } });
    await page.goBack();
    await page.getByRole("checkbox", { name: "Added while away" }).waitFor();
    await expectStat(page, "Open", "5");
    assert.equal(await page.getByText("Buy stamps").count(), 0);
  },
);

export const keyboardFocus = journey(
  "focus stays on the task after Space, Enter and Escape, and moves to the next task after a delete",
  async ({ device }) => {
    const { page } = await device();
    await register(page, uniqueEmail("focus"));
    for (const title of ["First task", "Second task", "Third task"]) await addTask(page, title);

    const second = page.getByRole("checkbox", { name: "Second task" });
    await second.focus();
    await page.keyboard.press("Space");
    await expectStat(page, "Done", "1");
    await eventually(() => focused(page), "input:Second task");

    await page.getByRole("button", { name: "Edit “Second task”" }).focus();
    await page.keyboard.press("Enter");
    const title = page.getByRole("textbox", { name: "Title" });
    await title.fill("Second task, renamed");
    await title.press("Enter");
    await taskSaved(page, "Second task, renamed");
    await eventually(() => focused(page), "button:Edit “Second task, renamed”");

    await page.keyboard.press("Enter");
    await page.getByRole("textbox", { name: "Title" }).press("Escape");
    await eventually(() => focused(page), "button:Edit “Second task, renamed”");

    // The list is newest first: Third, Second, First. Deleting the middle one focuses the next.
    await page.getByRole("button", { name: "Delete “Second task, renamed”" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Deleted “Second task, renamed”.").waitFor();
    await eventually(() => focused(page), "input:First task");
    await page.getByRole("button", { name: "Undo" }).click();
    await page.getByRole("checkbox", { name: "Second task, renamed" }).waitFor();
    await eventually(() => focused(page), "input:Second task, renamed");
  },
);

export const toastsCapped = journey(
  "failures while offline are one error message, not a stack over the list",
  async ({ device }) => {
    const { context, page } = await device();
    await register(page, uniqueEmail("offline"));
    await context.setOffline(true);
    for (const title of ["One", "Two", "Three", "Four"]) {
      await page.getByLabel("New task").fill(title);
      await page.getByLabel("New task").press("Enter");
      await page.getByText(`Couldn’t add “${title}”`).waitFor();
      await page.getByLabel("New task").fill("");
    }
    const notices = page.getByRole("region", { name: "Notifications" });
    assert.equal(await notices.getByRole("alert").count(), 1);
    await notices.getByText("(and 3 more errors)").waitFor();
    await context.setOffline(false);
  },
);

export const endedSessionKeepsDraft = journey(
  "a session that ended leads to sign-in and back, with the task being typed still there",
  async ({ device }) => {
    const { context, page } = await device();
    const email = uniqueEmail("ended");
    await register(page, email);
    // Cookies cleared (or the refresh cookie expired) while the tab stays open.
    await context.clearCookies();
    await page.getByLabel("New task").fill("Reply to the landlord");
    await page.getByLabel("New task").press("Enter");
    await page.waitForURL((url) => url.pathname === "/login");
    assert.equal(new URL(page.url()).searchParams.get("next"), "/dashboard");
    await signIn(page, email);
    await page.waitForURL("**/dashboard");
    await page.waitForFunction(
      () =>
        (document.getElementById("new-task-title") as HTMLInputElement | null)?.value ===
        "Reply to the landlord",
    );
    await page.getByLabel("New task").press("Enter");
    await taskSaved(page, "Reply to the landlord");
    await page.reload();
    assert.equal(await page.getByLabel("New task").inputValue(), "");

    // Settings: the same ending sends the tab to sign in, not to a bare "Unauthorized".
    // Once the page has read what it reads after hydrating (the passkeys list): a load that
    // finds the cookies gone would send the tab to sign in before the password form does.
    await page.goto("/settings");
    await page.getByText("No passkeys yet").waitFor();
    await context.clearCookies();
    await page.getByLabel("Current password").fill("anything at all");
    await page.getByLabel("New password").fill("a perfectly fine passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    assert.equal(new URL(page.url()).searchParams.get("next"), "/settings");
  },
);
