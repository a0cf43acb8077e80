import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { register, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

const stat = (page: Page, label: string) =>
  page
    .locator("dl > div")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) })
    .locator("dd");

export async function expectStat(page: Page, label: string, value: string) {
  await stat(page, label).getByText(value, { exact: true }).waitFor();
}

export async function addTask(
  page: Page,
  title: string,
  options: { priority?: string; due?: string } = {},
) {
  const input = page.getByLabel("New task");
  await input.fill(title);
  if (options.priority) await page.locator("#new-task-priority").selectOption(options.priority);
  if (options.due) await page.locator("#new-task-due").fill(options.due);
  await input.press("Enter");
  await taskSaved(page, title);
}

/**
 * The list shows a change at once; it is saved when the task's checkbox can be used again: not
 * disabled (a new task without its id yet) and not aria-disabled (a request about it on its way,
 * while its Edit and Delete buttons ignore presses).
 */
export async function taskSaved(page: Page, title: string) {
  await page
    .getByRole("checkbox", { name: title, exact: true })
    .and(page.locator(":enabled:not([aria-disabled])"))
    .waitFor();
}

export const tasksList = (page: Page) => page.getByRole("list", { name: "Tasks" });

/** Waits until the list shows exactly `count` tasks (a new filter's answer has arrived). */
const showsTasks = (page: Page, count: number) =>
  page.waitForFunction(
    (expected) => document.querySelectorAll('[aria-label="Tasks"] > li').length === expected,
    count,
  );

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

export const taskLifecycle = journey(
  "register, then add, complete, edit and delete tasks, and the stats follow",
  async ({ device }) => {
    const { page } = await device();
    await register(page, uniqueEmail("tasks"));
    await page.getByText("No tasks yet").waitFor();
    await expectStat(page, "Open", "0");
    // On a phone, an empty 14-day chart is its caption and one line, not a blank block.
    await page.setViewportSize(PHONE);
    const chart = page.getByRole("figure").filter({ hasText: "Completed, last 14 days" });
    await chart.getByText("Nothing completed in the last 14 days yet.").waitFor();
    const chartHeight = (await chart.boundingBox())?.height ?? Infinity;
    assert.ok(chartHeight < 64, `the empty chart is ${chartHeight} px tall on a phone`);
    await page.setViewportSize(DESKTOP);

    await addTask(page, "Water the plants", { priority: "high" });
    await addTask(page, "Pay the electricity bill", { due: "2020-01-15" });
    await addTask(page, "Read a chapter");
    await expectStat(page, "Open", "3");
    await expectStat(page, "Overdue", "1");
    assert.equal(await tasksList(page).getByRole("listitem").count(), 3);

    await page.getByRole("checkbox", { name: "Water the plants" }).check();
    await expectStat(page, "Done", "1");
    await page.getByText("1 of 3 tasks done").waitFor();
    await page.getByText("1 total").waitFor();

    // Edit in place by double-clicking the title (the 412 journey uses the Edit button).
    await tasksList(page).getByText("Read a chapter", { exact: true }).dblclick();
    const title = page.getByRole("textbox", { name: "Title" });
    await title.fill("Read two chapters");
    await title.press("Enter");
    await page.getByRole("checkbox", { name: "Read two chapters" }).waitFor();

    await page.getByRole("button", { name: "Delete “Pay the electricity bill”" }).click();
    await page.getByText("Deleted “Pay the electricity bill”.").waitFor();
    await page.getByRole("button", { name: "Undo" }).click();
    await page.getByRole("checkbox", { name: "Pay the electricity bill" }).waitFor();
    await page.getByRole("button", { name: "Delete “Pay the electricity bill”" }).click();
    // Committed when the undo window closes; the stats then drop the overdue task.
    await expectStat(page, "Overdue", "0");
    await expectStat(page, "Open", "1");

    await page.reload();
    await page.getByRole("checkbox", { name: "Read two chapters" }).waitFor();
    assert.equal(await page.getByRole("checkbox", { name: "Water the plants" }).isChecked(), true);
    assert.equal(await page.getByText("Pay the electricity bill").count(), 0);
    await expectStat(page, "Done", "1");

    // The edit form on a phone: every control the whole width of the form, the date field too.
    await page.setViewportSize(PHONE);
    await page.getByRole("button", { name: "Edit “Read two chapters”" }).click();
    const edited = page.getByRole("textbox", { name: "Title" });
    const widthOf = async (name: string) =>
      (await tasksList(page).getByLabel(name, { exact: true }).boundingBox())?.width ?? 0;
    const titleWidth = (await edited.boundingBox())?.width ?? 0;
    for (const name of ["Priority", "Due date"]) {
      const width = await widthOf(name);
      assert.ok(
        Math.abs(width - titleWidth) < 2,
        `${name}: ${width} px, the title ${titleWidth} px`,
      );
    }
    await tasksList(page).getByRole("button", { name: "Cancel" }).click();
    await page.setViewportSize(DESKTOP);
  },
);

export const keyboardDeleteAndUndo = journey(
  "keyboard only: delete a task, undo at once with Ctrl+Z, or later from the notice it holds",
  async ({ device }) => {
    const { page } = await device();
    await register(page, uniqueEmail("keyboard"));
    for (const title of ["First", "Second", "Third"]) await addTask(page, title);
    const remove = page.getByRole("button", { name: "Delete “Second”" });
    const second = page.getByRole("checkbox", { name: "Second", exact: true });

    await remove.focus();
    await page.keyboard.press("Enter");
    await page.getByText("Deleted “Second”.").waitFor();
    await second.waitFor({ state: "detached" });
    // The Undo button is after every task in tab order: the shortcut needs no Tab at all.
    await page.keyboard.press("Control+z");
    await second.waitFor();
    assert.equal(await second.evaluate((box) => box === document.activeElement), true);

    // Focus on the notice holds it: past its six seconds, Undo still brings the task back.
    await remove.focus();
    await page.keyboard.press("Enter");
    await second.waitFor({ state: "detached" });
    // The app moves focus to the neighbouring task a frame after the deletion: focusing Undo
    // before that would lose it to the neighbour and let the notice expire.
    await page.waitForFunction(() => document.activeElement?.id.endsWith("-done"));
    const undo = page.getByRole("button", { name: "Undo (Ctrl+Z)" });
    await undo.focus();
    // allow(sleep): the time is what is tested, a notice that outlives its six seconds.
    await page.waitForTimeout(7_000);
    await page.keyboard.press("Enter");
    await second.waitFor();
    await page.reload();
    await second.waitFor();
  },
);

export const filtersAndPaging = journey(
  "filter by status and priority, search, sort, and load more",
  async ({ device }) => {
    const { context, page } = await device();
    await register(page, uniqueEmail("filters"));
    // Twenty-five tasks through the API, with the browser's own cookies.
    for (let index = 1; index <= 25; index += 1) {
      const response = await context.request.post("/api/tasks", {
        data: {
          title: `Task ${String(index).padStart(2, "0")}`,
          priority: index % 5 === 0 ? "high" : "low",
          status: index % 2 === 0 ? "completed" : "pending",
        },
      });
      assert.equal(response.status(), 201);
    }
    await page.reload();
    const items = tasksList(page).getByRole("listitem");
    await page.getByRole("button", { name: "Load more" }).waitFor();
    assert.equal(await items.count(), 20);
    await page.getByRole("button", { name: "Load more" }).click();
    await items.nth(24).waitFor();
    await page.getByRole("button", { name: "Load more" }).waitFor({ state: "detached" });

    await page.getByRole("group", { name: "Show" }).getByText("Done").click();
    await page.waitForURL(/status=completed/);
    await showsTasks(page, 12);

    await page.locator("#filter-priority").selectOption("high");
    await page.waitForURL(/priority=high/);
    // Completed and high: tasks 10 and 20.
    await page.waitForFunction(
      () => document.querySelectorAll('[aria-label="Tasks"] > li').length === 2,
    );

    await page.locator("#filter-sort").selectOption("title");
    await page.waitForURL(/sort=title/);
    await page.waitForFunction(() => {
      const labels = [...document.querySelectorAll('[aria-label="Tasks"] > li [id$="-title"]')];
      return labels.map((label) => label.textContent).join(",") === "Task 10,Task 20";
    });

    await page.getByLabel("Search tasks").fill("no such task");
    await page.getByText("No tasks match").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await showsTasks(page, 20);
    assert.equal(await page.getByLabel("Search tasks").inputValue(), "");
    assert.equal(new URL(page.url()).search, "");
  },
);

export const changedElsewhere = journey(
  "a task changed in another tab: the user's change is kept and they choose mine or theirs (412)",
  async ({ device }) => {
    const { context, page } = await device();
    await register(page, uniqueEmail("conflict"));
    await addTask(page, "Draft the agenda");

    const other = await context.newPage();
    await other.goto("/dashboard");
    const renameIn = async (tab: Page, from: string, to: string) => {
      await tab.getByRole("button", { name: `Edit “${from}”` }).click();
      const title = tab.getByRole("textbox", { name: "Title" });
      await title.fill(to);
      await title.press("Enter");
    };
    await renameIn(other, "Draft the agenda", "Draft the agenda (v2)");
    await taskSaved(other, "Draft the agenda (v2)");

    // The first tab still holds version 1: its edit is refused, but not thrown away.
    await renameIn(page, "Draft the agenda", "Agenda for Monday");
    const choice = page.getByText("Changed elsewhere while you were editing.");
    await choice.waitFor();
    await page.getByText("title “Agenda for Monday”").waitFor();
    // Meanwhile the list shows theirs.
    await page.getByRole("checkbox", { name: "Draft the agenda (v2)" }).waitFor();
    await page.getByRole("button", { name: "Use mine" }).click();
    await taskSaved(page, "Agenda for Monday");
    await choice.waitFor({ state: "detached" });
    await other.reload();
    await other.getByRole("checkbox", { name: "Agenda for Monday" }).waitFor();

    // Completing a stale copy: "use theirs" leaves the other tab's version as it is.
    await renameIn(other, "Agenda for Monday", "Agenda for Tuesday");
    await taskSaved(other, "Agenda for Tuesday");
    await page.getByRole("checkbox", { name: "Agenda for Monday" }).check();
    await page.getByText("Yours: done.").waitFor();
    await page.getByRole("button", { name: "Use theirs" }).click();
    const theirs = page.getByRole("checkbox", { name: "Agenda for Tuesday" });
    await theirs.waitFor();
    assert.equal(await theirs.isChecked(), false);
  },
);

export const addedWhileListLoads = journey(
  "a task added while the list is on its way stays in the list (the stale page is asked again)",
  async ({ device }) => {
    const { page } = await device();
    await register(page, uniqueEmail("reload"));
    await addTask(page, "Already there");

    // The next page of the list is read by the server now, and reaches the browser only after
    // the task below is saved: it is the answer of a request that started before the change.
    let holding = true;
    let release: () => Promise<void> = async () => {};
    const read = new Promise<void>((readNow) => {
      void page.route(
        (url) => url.pathname === "/api/tasks",
        async (route) => {
          if (!holding || route.request().method() !== "GET") return route.fallback();
          holding = false;
          const response = await route.fetch();
          release = () => route.fulfill({ response });
          readNow();
        },
      );
    });
    await page.locator("#filter-sort").selectOption({ label: "Title, A–Z" });
    await read;
    await addTask(page, "Added while loading");
    // The held answer, then the page asked for again because it was read before the change.
    let listAnswers = 0;
    const askedAgain = page.waitForResponse(
      (response) =>
        new URL(response.url()).pathname === "/api/tasks" &&
        response.request().method() === "GET" &&
        ++listAnswers === 2,
    );
    await release();
    await askedAgain;
    await showsTasks(page, 2);
    await taskSaved(page, "Added while loading");
  },
);
