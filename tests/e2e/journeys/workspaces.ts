import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { readOutbox } from "@/lib/email/outbox";
import { proveAddress } from "../support/app-server";
import { register, switchColorScheme, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

async function createWorkspace(page: Page, name: string): Promise<string> {
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
  let link: string | undefined;
  for (let attempt = 0; attempt < 50 && !link; attempt++) {
    const mails = (await readOutbox(outboxDir)).filter((mail) => mail.to === email);
    link = mails
      .map((mail) => /https?:\/\/\S+\/workspaces\/join#token=\S+/.exec(mail.text)?.[0])
      .find(Boolean);
    if (!link) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(link, `an invitation mailed to ${email}`);
  await page.goto(link);
  await page.waitForURL((url) => url.pathname === path);
}

async function addTask(page: Page, title: string) {
  await page.getByLabel("New task").fill(title);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("checkbox", { name: `Completed: ${title}` }).waitFor();
}

export const sharedWorkspace = journey(
  "an owner invites a second browser's user, both see a task, and a removal ends it at the member's next action",
  async ({ device, outboxDir, screenshot }) => {
    const owner = await device();
    const member = await device();
    const memberEmail = uniqueEmail("member");
    await register(owner.page, uniqueEmail("owner"));
    await register(member.page, memberEmail);
    await proveAddress(member.page, outboxDir, memberEmail);

    const path = await createWorkspace(owner.page, "Garden club");
    await invite(owner.page, path, memberEmail, "member");
    await acceptInvitation(member.page, outboxDir, memberEmail, path);

    await owner.page.goto(path);
    await addTask(owner.page, "Order seeds");
    await member.page.reload();
    await member.page.getByRole("checkbox", { name: "Completed: Order seeds" }).waitFor();

    for (const scheme of ["light", "dark"] as const) {
      await switchColorScheme(owner.page, scheme);
      await owner.page.getByTestId("workspace-switcher").locator("summary").click();
      await screenshot(owner.page, `workspace-switcher-${scheme}`);
      await owner.page.getByTestId("workspace-switcher").locator("summary").click();
    }
    await owner.page.goto(`${path}/members`);
    for (const scheme of ["light", "dark"] as const) {
      await switchColorScheme(owner.page, scheme);
      await screenshot(owner.page, `workspace-members-${scheme}`);
    }
    await owner.page.getByRole("button", { name: `Remove ${memberEmail}` }).click();
    await owner.page.getByRole("button", { name: `Remove ${memberEmail}` }).waitFor({
      state: "detached",
    });

    // The member's tab still shows the workspace; its next action is refused and the page,
    // reloaded from the server, no longer has a workspace to show.
    await member.page.getByRole("checkbox", { name: "Completed: Order seeds" }).click();
    await member.page.getByText("We couldn’t find that page").waitFor();
  },
);

export const viewerSeesNoEditControls = journey(
  "a viewer sees a workspace's tasks without any control to change them",
  async ({ device, outboxDir }) => {
    const owner = await device();
    const viewer = await device();
    const viewerEmail = uniqueEmail("viewer");
    await register(owner.page, uniqueEmail("owner"));
    await register(viewer.page, viewerEmail);
    await proveAddress(viewer.page, outboxDir, viewerEmail);

    const path = await createWorkspace(owner.page, "Read only");
    await addTask(owner.page, "Look, don't touch");
    await invite(owner.page, path, viewerEmail, "viewer");
    await acceptInvitation(viewer.page, outboxDir, viewerEmail, path);

    const { page } = viewer;
    await page.getByText("Look, don't touch", { exact: true }).waitFor();
    await page.getByText("You are a viewer").waitFor();
    assert.equal(await page.getByLabel("New task").count(), 0, "no composer");
    assert.equal(await page.getByRole("checkbox").count(), 0, "no completion checkbox");
    assert.equal(await page.getByRole("button", { name: /Delete/ }).count(), 0, "no delete");
    assert.equal(await page.getByRole("combobox").count(), 0, "no assignee picker");
  },
);
