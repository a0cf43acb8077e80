import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { invitationLinkFor, proveAddress } from "../support/app-server";
import { register, uniqueEmail } from "../support/browser";
import { type JourneyContext, journey } from "../support/journey";
import { addTask, expectStat, taskSaved, tasksList } from "./tasks";

const OWNER_NAME = "Olga Berg";

export async function createWorkspace(page: Page, name: string): Promise<string> {
  await page.goto("/workspaces");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/workspaces\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

async function invite(page: Page, workspacePath: string, email: string, role: string) {
  await page.goto(`${workspacePath}/members`);
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.locator('select[name="role"]').selectOption(role);
  await page.getByRole("button", { name: "Invite" }).click();
  await page.getByText("Invitation sent").waitFor();
}

/** The invitee follows the link of the newest invitation mailed to them. */
async function acceptInvitation(page: Page, outboxDir: string, email: string, path: string) {
  await page.goto(await invitationLinkFor(outboxDir, email));
  await page.waitForURL((url) => url.pathname === path);
}

/** Waits until the list shows exactly `count` tasks (a filter's answer has arrived). */
const showsTasks = (page: Page, count: number) =>
  page.waitForFunction(
    (expected) => document.querySelectorAll('[aria-label="Tasks"] > li').length === expected,
    count,
  );

/**
 * Two browsers: an owner (named `OWNER_NAME`) who creates a workspace named `name` (after `before`, in it) and
 * invites the other's user as `role`, and that user, who accepts; both addresses proven, as
 * sharing and joining need.
 */
async function ownerAndInvitee(
  { device, outboxDir }: JourneyContext,
  role: string,
  name: string,
  before: (page: Page) => Promise<void> = async () => {},
) {
  const owner = await device();
  const invitee = await device();
  const inviteeEmail = uniqueEmail(role);
  const ownerEmail = uniqueEmail("owner");
  await register(owner.page, ownerEmail, OWNER_NAME);
  await proveAddress(owner.page, outboxDir, ownerEmail);
  await register(invitee.page, inviteeEmail);
  await proveAddress(invitee.page, outboxDir, inviteeEmail);
  const path = await createWorkspace(owner.page, name);
  await before(owner.page);
  await invite(owner.page, path, inviteeEmail, role);
  await acceptInvitation(invitee.page, outboxDir, inviteeEmail, path);
  return { owner, invitee, inviteeEmail, path };
}

export const sharedWorkspace = journey(
  "an owner invites a second browser's user, both see a task, and a removal ends it at the member's next action",
  async (context) => {
    const {
      owner,
      invitee: member,
      inviteeEmail: memberEmail,
      path,
    } = await ownerAndInvitee(context, "member", "Garden club");

    await owner.page.goto(path);
    await addTask(owner.page, "Order seeds");
    await member.page.reload();
    await member.page.getByRole("checkbox", { name: "Order seeds" }).waitFor();

    await owner.page.goto(`${path}/members`);
    await owner.page.getByRole("button", { name: `Remove ${memberEmail}` }).click();
    await owner.page.getByRole("button", { name: `Remove ${memberEmail}` }).waitFor({
      state: "detached",
    });

    // The member's tab still shows the workspace; its next action is refused and the page,
    // reloaded from the server, no longer has a workspace to show.
    await member.page.getByRole("checkbox", { name: "Order seeds" }).click();
    await member.page.getByText("We couldn’t find that page").waitFor();
  },
);

export const memberFiltersPagesAndEdits = journey(
  "a member filters, pages and edits a shared workspace's tasks, within what the role allows",
  async (context) => {
    const { owner, invitee, path } = await ownerAndInvitee(context, "member", "Bake sale");
    // Twenty-two of the owner's tasks, through the API with the owner's browser's cookies.
    for (let index = 1; index <= 22; index += 1) {
      const response = await owner.context.request.post(`/api${path}/tasks`, {
        data: {
          title: `Bake batch ${String(index).padStart(2, "0")}`,
          priority: index % 4 === 0 ? "high" : "low",
        },
      });
      assert.equal(response.status(), 201);
    }
    const { page } = invitee;
    await page.reload();

    // Keyset pages of twenty, as on the dashboard.
    const items = tasksList(page).getByRole("listitem");
    const loadMore = page.getByRole("button", { name: "Load more" });
    await loadMore.waitFor();
    assert.equal(await items.count(), 20);
    await loadMore.click();
    await showsTasks(page, 22);
    await loadMore.waitFor({ state: "detached" });
    await addTask(page, "Print the price list");
    await expectStat(page, "Open", "23");

    // Any task may be completed; only their own may be edited or deleted.
    await page.getByRole("checkbox", { name: "Bake batch 01" }).check();
    await taskSaved(page, "Bake batch 01");
    await expectStat(page, "Done", "1");
    for (const control of ["Edit", "Delete"]) {
      assert.equal(
        await page.getByRole("button", { name: `${control} “Bake batch 01”` }).count(),
        0,
      );
      await page.getByRole("button", { name: `${control} “Print the price list”` }).waitFor();
    }

    // Filters, in the URL: status, then priority and search; a reload renders the same list.
    await page.getByRole("group", { name: "Show" }).getByText("Done").click();
    await page.waitForURL(/status=completed/);
    await showsTasks(page, 1);
    await page.getByRole("group", { name: "Show" }).getByText("All").click();
    await page.locator("#filter-priority").selectOption("high");
    await page.waitForURL((url) => url.search === "?priority=high");
    await showsTasks(page, 5);
    await page.getByLabel("Search tasks").fill("batch 2");
    await page.waitForURL(/q=batch/);
    await showsTasks(page, 1);
    await page.reload();
    await page.getByRole("checkbox", { name: "Bake batch 20" }).waitFor();
    await showsTasks(page, 1);
    assert.equal(await page.getByLabel("Search tasks").inputValue(), "batch 2");

    // Double-clicking someone else's task opens nothing; their own opens its editor.
    await page.goto(path);
    await tasksList(page).getByText("Bake batch 22", { exact: true }).dblclick();
    await tasksList(page).getByText("Print the price list", { exact: true }).dblclick();
    const editors = page.getByRole("form", { name: /^Edit/ });
    await editors.waitFor();
    assert.deepEqual(
      await editors.evaluateAll((forms) => forms.map((form) => form.getAttribute("aria-label"))),
      ["Edit “Print the price list”"],
    );
    await editors.getByRole("textbox", { name: "Title" }).fill("Print the price list (A4)");
    await editors.getByRole("textbox", { name: "Description" }).fill("Two copies");
    await editors.getByLabel("Priority").selectOption("high");
    await editors.getByLabel("Due date").fill("2030-05-17");
    await editors.getByLabel("Assignee").selectOption({ label: OWNER_NAME });
    await editors.getByRole("button", { name: "Save" }).click();
    await taskSaved(page, "Print the price list (A4)");

    await page.reload();
    const edited = items.filter({ hasText: "Print the price list (A4)" });
    await edited.getByText(`Assigned to ${OWNER_NAME}`).waitFor();
    await edited.getByText("Two copies").waitFor();
    await edited.getByText("High", { exact: true }).waitFor();
    await edited.getByRole("button", { name: "Edit “Print the price list (A4)”" }).click();
    assert.equal(await editors.getByLabel("Due date").inputValue(), "2030-05-17");
  },
);

export const viewerSeesNoEditControls = journey(
  "a viewer sees a workspace's tasks, filters and statistics, and no control or path to change them",
  async (context) => {
    const { invitee, path } = await ownerAndInvitee(context, "viewer", "Read only", (page) =>
      addTask(page, "Look, don't touch"),
    );
    const { page } = invitee;
    const list = tasksList(page);
    await list.getByText("Look, don't touch", { exact: true }).waitFor();
    await page.getByText("You are a viewer").waitFor();
    await expectStat(page, "Open", "1");
    assert.equal(await page.getByLabel("New task").count(), 0, "no composer");
    assert.equal(await page.getByRole("checkbox").count(), 0, "no completion checkbox");
    assert.equal(await page.getByRole("button", { name: /^(Edit|Delete) / }).count(), 0);
    assert.equal(await list.getByRole("combobox").count(), 0, "no assignee picker");

    // Double-clicking the title opens no editor: a filter changed afterwards is rendered after it.
    await list.getByText("Look, don't touch", { exact: true }).dblclick();
    await page.locator("#filter-sort").selectOption("title");
    await page.waitForURL(/sort=title/);
    await list.getByText("Look, don't touch", { exact: true }).waitFor();
    assert.equal(await page.getByRole("form", { name: /^Edit/ }).count(), 0, "no editor");
    assert.equal(await page.getByRole("textbox", { name: "Title" }).count(), 0);

    // And the API refuses the change anyway.
    const listed = await invitee.context.request.get(`/api${path}/tasks`);
    const [task] = ((await listed.json()) as { items: { id: string }[] }).items;
    const refused = await invitee.context.request.patch(`/api${path}/tasks/${task?.id}`, {
      data: { title: "Touched" },
    });
    assert.equal(refused.status(), 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, "forbidden");
  },
);
