import type { APIRequestContext, Locator, Page } from "playwright-core";
import { E2E_ADMIN_EMAIL, invitationLinkFor, proveAddress } from "../support/app-server";
import { beginAuthenticatorSetup, confirmAuthenticator } from "../support/authenticator-app";
import { PASSWORD, register, signIn, switchColorScheme } from "../support/browser";
import { type JourneyContext, journey } from "../support/journey";

const FIREFOX_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0";

const SAMPLE_TASKS = [
  { title: "Prepare the quarterly review", priority: "high", offset: 1 },
  { title: "Book flights to Lisbon", priority: "medium", offset: 6 },
  { title: "Renew the passport", priority: "low", offset: -2 },
  { title: "Call the plumber about the leak", priority: "high", offset: 0 },
  { title: "Read “Designing Data-Intensive Applications”", priority: "low", offset: null },
  { title: "Send the team offsite agenda", priority: "medium", offset: 3 },
] as const;

function isoDate(offsetDays: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + offsetDays);
  return date.toISOString().slice(0, 10);
}

/** Each main page, light and dark, under tests/e2e/screenshots/. */
export const screenshots = journey(
  "screenshots of every main page, light and dark",
  async (run) => {
    const { context, page } = await run.device();
    const email = "ada@example.com";
    await register(page, email, "Ada Lovelace");
    for (const [index, task] of SAMPLE_TASKS.entries()) {
      await context.request.post("/api/tasks", {
        data: {
          title: task.title,
          priority: task.priority,
          dueDate: task.offset === null ? null : isoDate(task.offset),
          status: index % 3 === 1 ? "completed" : "pending",
          description: index === 0 ? "Numbers from finance, highlights from each team." : "",
        },
      });
    }

    // A second sign-in from another browser, so the session list has something to revoke.
    const laptop = await run.device();
    await laptop.context.request.post("/api/auth/login", {
      data: { email, password: PASSWORD },
      headers: { "user-agent": FIREFOX_ON_WINDOWS, origin: run.origin },
    });

    const capture = async (target: Page, path: string, name: string) => {
      for (const scheme of ["light", "dark"] as const) {
        await target.emulateMedia({ colorScheme: scheme });
        await target.goto(path);
        await target.waitForLoadState("networkidle");
        await run.screenshot(target, `${name}-${scheme}`);
      }
    };

    await capture(page, "/dashboard", "dashboard");
    await capture(page, "/settings", "settings");
    // The section navigation, as the first screen of the page shows it.
    for (const scheme of ["light", "dark"] as const) {
      await switchColorScheme(page, scheme);
      await run.screenshot(
        page.getByRole("navigation", { name: "Settings sections" }),
        `settings-navigation-${scheme}`,
      );
    }
    await capture(page, "/admin", "forbidden");
    await capture(page, "/no-such-page", "not-found");
    await page.setViewportSize({ width: 360, height: 780 });
    await capture(page, "/dashboard", "dashboard-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    const guest = await run.device();
    await capture(guest.page, "/", "landing");
    await capture(guest.page, "/login", "login");
    await capture(guest.page, "/register", "register");
    await capture(guest.page, "/forgot-password", "forgot-password");
    await capture(guest.page, "/reset-password?token=example", "reset-password");

    const admin = await run.device();
    await admin.page.goto("/login");
    await signIn(admin.page, E2E_ADMIN_EMAIL);
    await admin.page.waitForURL("**/dashboard");
    await capture(admin.page, "/admin", "admin");

    // The two-factor set-up steps, each shown once, so both themes are taken in place.
    const captureSection = async (section: Locator, name: string) => {
      for (const scheme of ["light", "dark"] as const) {
        await switchColorScheme(page, scheme);
        await run.screenshot(section, `${name}-${scheme}`);
      }
    };
    await proveAddress(page, run.outboxDir, email);
    await page.goto("/settings");
    const { section, app } = await beginAuthenticatorSetup(page);
    await captureSection(section, "two-factor-qr-code");
    await confirmAuthenticator(section, app);
    await captureSection(section, "two-factor-backup-codes");
  },
);

/** A person of the workspace screenshots: registered, address proven, in a browser of their own. */
async function person(run: JourneyContext, name: string, email: string) {
  const device = await run.device();
  await register(device.page, email, name);
  await proveAddress(device.page, run.outboxDir, email);
  return { ...device, email };
}

async function postJson<T>(request: APIRequestContext, url: string, data: object): Promise<T> {
  const response = await request.post(url, { data });
  if (!response.ok()) throw new Error(`${url} answered ${response.status()}`);
  return (await response.json()) as T;
}

/** The workspace switcher and the members page of a shared workspace, light and dark. */
export const workspaceScreenshots = journey(
  "screenshots of the workspace switcher and the members page, light and dark",
  async (run) => {
    const maya = await person(run, "Maya Chen", "maya.chen@example.com");
    const jonas = await person(run, "Jonas Weber", "jonas.weber@example.com");
    const priya = await person(run, "Priya Raman", "priya.raman@example.com");

    const createWorkspace = (owner: typeof maya, name: string) =>
      postJson<{ id: string }>(owner.context.request, "/api/workspaces", { name });
    const join = async (
      inviter: typeof maya,
      workspaceId: string,
      invitee: typeof maya,
      role: string,
    ) => {
      await postJson(inviter.context.request, `/api/workspaces/${workspaceId}/invitations`, {
        email: invitee.email,
        role,
      });
      await invitee.page.goto(await invitationLinkFor(run.outboxDir, invitee.email));
      await invitee.page.waitForURL((url) => url.pathname === `/workspaces/${workspaceId}`);
    };

    const launch = await createWorkspace(maya, "Product launch");
    await join(maya, launch.id, jonas, "admin");
    await join(maya, launch.id, priya, "member");
    // One invitation still pending, for the members page to show it.
    await postJson(maya.context.request, `/api/workspaces/${launch.id}/invitations`, {
      email: "sam.okafor@example.com",
      role: "viewer",
    });
    const garden = await createWorkspace(jonas, "Community garden");
    await join(jonas, garden.id, maya, "member");

    const response = await maya.context.request.get(`/api/workspaces/${launch.id}/members`);
    const { items: members } = (await response.json()) as {
      items: { userId: string; email: string }[];
    };
    const idOf = (email: string | null) =>
      members.find((member) => member.email === email)?.userId ?? null;
    for (const task of [
      ["Draft the launch announcement", "high", 2, jonas.email, "pending"],
      ["Record the product demo video", "medium", 5, priya.email, "pending"],
      ["Update the pricing page", "medium", 1, maya.email, "completed"],
      ["Prepare the press kit", "high", 4, maya.email, "pending"],
      ["Book the launch-day retrospective", "low", 9, null, "pending"],
    ] as const) {
      const [title, priority, offset, assignee, status] = task;
      await postJson(maya.context.request, `/api/workspaces/${launch.id}/tasks`, {
        title,
        priority,
        dueDate: isoDate(offset),
        status,
        assigneeId: idOf(assignee),
      });
    }

    const { page } = maya;
    const switcher = page.getByTestId("workspace-switcher").locator("summary");
    await page.goto(`/workspaces/${launch.id}`);
    for (const scheme of ["light", "dark"] as const) {
      await switchColorScheme(page, scheme);
      await switcher.click();
      await run.screenshot(page, `shared-workspace-switcher-${scheme}`);
      await switcher.click();
    }
    await page.goto(`/workspaces/${launch.id}/members`);
    await page.waitForLoadState("networkidle");
    for (const scheme of ["light", "dark"] as const) {
      await switchColorScheme(page, scheme);
      await run.screenshot(page, `shared-workspace-members-${scheme}`);
    }
  },
);
