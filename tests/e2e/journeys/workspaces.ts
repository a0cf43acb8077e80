import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { readOutbox } from "@/lib/email/outbox";
import { proveAddress } from "../support/app-server";
import { register, switchColorScheme, uniqueEmail } from "../support/browser";
import { type JourneyContext, journey } from "../support/journey";

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
    // A mail being written is not whole yet: read again.
    const mails = (await readOutbox(outboxDir).catch(() => [])).filter((mail) => mail.to === email);
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

/**
 * Two browsers: an owner who creates a workspace named `name` (after `before`, in it) and
 * invites the other's user as `role`, and that user, with a proven address, who accepts.
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
  await register(owner.page, uniqueEmail("owner"));
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
    const { screenshot } = context;

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
  async (context) => {
    const { invitee } = await ownerAndInvitee(context, "viewer", "Read only", (page) =>
      addTask(page, "Look, don't touch"),
    );
    const { page } = invitee;
    await page.getByText("Look, don't touch", { exact: true }).waitFor();
    await page.getByText("You are a viewer").waitFor();
    assert.equal(await page.getByLabel("New task").count(), 0, "no composer");
    assert.equal(await page.getByRole("checkbox").count(), 0, "no completion checkbox");
    assert.equal(await page.getByRole("button", { name: /Delete/ }).count(), 0, "no delete");
    assert.equal(await page.getByRole("combobox").count(), 0, "no assignee picker");
  },
);
