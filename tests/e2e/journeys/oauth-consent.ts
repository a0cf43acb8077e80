import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as oidc from "openid-client";
import type { Page } from "playwright-core";
import { API_SCOPES } from "@/lib/validation/api-scopes";
import { authorizationRequestOf, publicAppConfig } from "../../support/authorization-request";
import { proveAddress } from "../support/app-server";
import { register, switchColorScheme, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";
import { createWorkspace } from "./workspaces";

const CALLBACK_PAGE = "You can close this window.";

/**
 * A desktop app's redirect URI: a listener on a loopback port of its own (RFC 8252 §7.3), which
 * hands over the first callback it receives and answers the browser with a plain page.
 */
async function loopbackRedirect() {
  let receive: (url: URL) => void = () => {};
  const received = new Promise<URL>((resolve) => {
    receive = resolve;
  });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
    if (url.pathname !== "/callback") {
      response.writeHead(404).end();
      return;
    }
    receive(url);
    response.writeHead(200, { "content-type": "text/plain" }).end(CALLBACK_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}/callback`,
    /**
     * The callback, once `page` shows its answer: the listener hears the request before the
     * browser has loaded the page, and a navigation started in between would interrupt it.
     */
    landedIn: async (page: Page) => {
      await page.getByText(CALLBACK_PAGE).waitFor();
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The browser keeps its connection alive; close() alone would wait for it.
        server.closeAllConnections();
      }),
  };
}

/** An app registering itself (RFC 7591), as an MCP client or a command-line tool does. */
async function registerApp(origin: string, name: string, redirectUri: string): Promise<string> {
  const response = await fetch(`${origin}/api/oauth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: name, redirect_uris: [redirectUri] }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { client_id: string }).client_id;
}

/**
 * An app that registered itself with `redirectUri` and asks, through openid-client (panva's) from
 * our RFC 8414 metadata, for the tasks scopes.
 */
async function appAsking(origin: string, name: string, redirectUri: string) {
  const clientId = await registerApp(origin, name, redirectUri);
  const config = await publicAppConfig(origin, clientId);
  const { url, verifier, state } = await authorizationRequestOf(config, redirectUri);
  return {
    authorizationUrl: url,
    tokensFrom: (callback: URL) =>
      oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      }),
    refresh: (refreshToken: string) => oidc.refreshTokenGrant(config, refreshToken),
  };
}

export const appAuthorizedThenRevoked = journey(
  "apps: allow an app on the consent page with the keyboard, it reads tasks; revoked in Connected apps, 401",
  async ({ device, origin, outboxDir, screenshot }) => {
    const { page } = await device();
    // One account per run's fresh database: a readable address for the docs' screenshots.
    const email = "grace.hopper@example.com";
    await register(page, email, "Grace Hopper");
    await proveAddress(page, outboxDir, email);

    const loopback = await loopbackRedirect();
    try {
      const app = await appAsking(origin, "Desk Agent", loopback.uri);

      await page.goto(app.authorizationUrl.href);
      await page.getByRole("heading", { name: "Allow Desk Agent to use your account?" }).waitFor();
      await page.getByText("127.0.0.1:").first().waitFor();
      for (const scope of ["tasks:read", "tasks:write"] as const) {
        await page.getByText(API_SCOPES[scope]).waitFor();
      }
      assert.equal(await page.getByText(API_SCOPES.profile).count(), 0);
      for (const scheme of ["light", "dark"] as const) {
        await switchColorScheme(page, scheme);
        await screenshot(page, `oauth-consent-${scheme}`);
      }
      await switchColorScheme(page, "light");

      // Deny comes first (Enter in the form denies); the person tabs on to Allow and presses it.
      const allow = page.getByRole("button", { name: "Allow" });
      await page.getByRole("button", { name: "Deny" }).focus();
      await page.keyboard.press("Tab");
      assert.equal(await allow.evaluate((button) => button === document.activeElement), true);
      await page.keyboard.press("Enter");
      const callback = await loopback.landedIn(page);
      assert.equal(callback.searchParams.get("iss"), origin);

      const tokens = await app.tokensFrom(callback);
      assert.equal(tokens.scope, "tasks:read tasks:write");
      const listTasks = () =>
        fetch(`${origin}/api/tasks`, {
          headers: { authorization: `Bearer ${tokens.access_token}` },
        });
      assert.equal((await listTasks()).status, 200);

      // The person sees the app in Settings → Connected apps, with what it may do, and revokes it.
      await page.goto("/settings");
      const apps = page.locator("#connected-apps");
      const grant = apps.getByRole("listitem").filter({ hasText: "Desk Agent" });
      await grant.getByText(`${API_SCOPES["tasks:read"]} · ${API_SCOPES["tasks:write"]}`).waitFor();
      await grant.getByText("registered itself").waitFor();
      await apps.getByRole("button", { name: "Revoke Desk Agent" }).click();
      await apps.getByRole("button", { name: "Revoke access" }).click();
      await apps.getByText("Revoked the access of “Desk Agent”.").waitFor();

      const refused = await listTasks();
      assert.equal(refused.status, 401);
      assert.match(refused.headers.get("www-authenticate") ?? "", /resource_metadata=/);
      await assert.rejects(app.refresh(tokens.refresh_token ?? ""), {
        error: "invalid_grant",
      });
    } finally {
      await loopback.close();
    }
  },
);

export const appAllowedForWorkspace = journey(
  "apps: on the consent page, allow an app one workspace's tasks; it writes there only, as Connected apps says",
  async ({ device, origin, outboxDir }) => {
    const { page } = await device();
    const email = uniqueEmail("workspace-app");
    await register(page, email, "Mary Berry");
    await proveAddress(page, outboxDir, email);
    const workspaceId = (await createWorkspace(page, "Bakery")).split("/").pop() ?? "";

    const loopback = await loopbackRedirect();
    try {
      const app = await appAsking(origin, "Oven Agent", loopback.uri);
      await page.goto(app.authorizationUrl.href);
      const choice = page.getByRole("group", { name: "Which tasks may it use?" });
      assert.equal(
        await choice.getByRole("radio", { name: "Your personal tasks" }).isChecked(),
        true,
      );
      await choice.getByRole("radio", { name: "The workspace Bakery" }).check();
      await page.getByRole("button", { name: "Allow" }).click();
      const tokens = await app.tokensFrom(await loopback.landedIn(page));
      assert.equal(tokens.workspace, workspaceId);

      const call = (path: string, init: RequestInit = {}) =>
        fetch(`${origin}${path}`, {
          ...init,
          headers: {
            authorization: `Bearer ${tokens.access_token}`,
            "content-type": "application/json",
          },
        });
      const created = await call(`/api/workspaces/${workspaceId}/tasks`, {
        method: "POST",
        body: JSON.stringify({ title: "Proof the dough" }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      assert.equal((await call("/api/tasks")).status, 403);

      // The person sees the app's task in the workspace, and the grant's workspace in Settings.
      await page.goto(`/workspaces/${workspaceId}`);
      await page.getByRole("checkbox", { name: "Proof the dough" }).waitFor();
      await page.goto("/settings");
      const grant = page
        .locator("#connected-apps")
        .getByRole("listitem")
        .filter({ hasText: "Oven Agent" });
      await grant.getByText("In the workspace Bakery only").waitFor();
    } finally {
      await loopback.close();
    }
  },
);
