import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { authorizationRequestOf, publicAppConfig } from "../../support/authorization-request";
import { LISTED_PAGE_ORIGIN, proveAddress } from "../support/app-server";
import { register, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

/**
 * A page of another origin, as a single-page app or a browser MCP client is: the browser fetches
 * `origin`'s URLs while the journey answers them with an empty page, so everything the page then
 * asks of the app is a real cross-origin request, which Chromium lets the page read only if the
 * app's CORS answers allow it.
 */
async function pageOn(page: Page, origin: string) {
  // The app under test listens on loopback, which Chromium lets a page of another address
  // reach only with the person's permission (Local Network Access); a deployment is public.
  await page.context().grantPermissions(["local-network-access"], { origin });
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>App</title>" }),
  );
  await page.goto(`${origin}/`);
}

/** What a page's script learns from one request: the status, the body, the headers it may read. */
type Seen = { status: number; body: string; headers: Record<string, string | null> };
type Init = { method?: string; headers?: Record<string, string>; body?: string };

/** `fetch` from the page's own script; a request the browser refuses rejects. */
function fetchInPage(page: Page, url: string, init: Init = {}): Promise<Seen> {
  return page.evaluate(
    async ({ url, init }) => {
      const response = await fetch(url, init);
      return {
        status: response.status,
        body: await response.text(),
        headers: Object.fromEntries(
          ["etag", "location", "www-authenticate", "x-request-id"].map((name) => [
            name,
            response.headers.get(name),
          ]),
        ),
      };
    },
    { url, init },
  );
}

const form = (fields: Record<string, string>): Init => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

export const appInListedPage = journey(
  "CORS: an app in a page of a listed origin registers, is allowed, and uses the API and MCP; another origin reads nothing",
  async ({ device, origin, outboxDir }) => {
    const { page } = await device();
    const email = uniqueEmail("page-app");
    await register(page, email);
    await proveAddress(page, outboxDir, email);

    // The app registers itself from its page and sends the person to consent (PKCE, S256).
    await pageOn(page, LISTED_PAGE_ORIGIN);
    const redirectUri = `${LISTED_PAGE_ORIGIN}/callback`;
    const registered = await fetchInPage(page, `${origin}/api/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Page App", redirect_uris: [redirectUri] }),
    });
    assert.equal(registered.status, 201, registered.body);
    const clientId = (JSON.parse(registered.body) as { client_id: string }).client_id;
    const { url: authorize, verifier } = await authorizationRequestOf(
      await publicAppConfig(origin, clientId),
      redirectUri,
    );
    await page.goto(authorize.href);
    await page.getByRole("heading", { name: "Allow Page App to use your account?" }).waitFor();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL(`${redirectUri}?**`);
    const code = new URL(page.url()).searchParams.get("code") ?? "";

    // Back in its page: the code for tokens, then the task API and MCP with them.
    const tokens = await fetchInPage(
      page,
      `${origin}/api/oauth/token`,
      form({
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        client_id: clientId,
        code_verifier: verifier,
      }),
    );
    assert.equal(tokens.status, 200, tokens.body);
    const { access_token, refresh_token } = JSON.parse(tokens.body) as Record<string, string>;
    const bearer = { authorization: `Bearer ${access_token}` };
    const json = { ...bearer, "content-type": "application/json" };

    const created = await fetchInPage(page, `${origin}/api/tasks`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ title: "Written from another origin" }),
    });
    assert.equal(created.status, 201, created.body);
    assert.match(created.headers.location ?? "", /^\/api\/tasks\/[0-9a-f-]{36}$/);
    assert.match(created.headers.etag ?? "", /^"\d+"$/);
    assert.match(created.headers["x-request-id"] ?? "", /^[0-9a-f-]{36}$/);
    const edit = () =>
      fetchInPage(page, `${origin}${created.headers.location}`, {
        method: "PATCH",
        headers: { ...json, "if-match": created.headers.etag ?? "" },
        body: JSON.stringify({ priority: "high" }),
      });
    const edited = await edit();
    assert.equal(edited.status, 200, edited.body);
    assert.notEqual(edited.headers.etag, created.headers.etag);
    assert.equal((await edit()).status, 412);

    // An MCP client's first call: this token is for the task API (its audience), so MCP answers
    // 401 and names, in a header the page can read, where to learn how to get one for MCP.
    const mcp = await fetchInPage(page, `${origin}/api/mcp`, {
      method: "POST",
      headers: {
        ...json,
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-06-18",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    assert.equal(mcp.status, 401, mcp.body);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(
      mcp.headers["www-authenticate"] ?? "",
    )?.[1];
    assert.equal(metadataUrl, `${origin}/.well-known/oauth-protected-resource/api/mcp`);
    const metadata = await fetchInPage(page, metadataUrl ?? "");
    assert.equal(metadata.status, 200);
    assert.equal(JSON.parse(metadata.body).resource, `${origin}/api/mcp`);

    const revoked = await fetchInPage(
      page,
      `${origin}/api/oauth/revoke`,
      form({ token: refresh_token ?? "", client_id: clientId }),
    );
    assert.equal(revoked.status, 200, revoked.body);
    const afterRevoke = await fetchInPage(page, `${origin}/api/tasks`, { headers: bearer });
    assert.equal(afterRevoke.status, 401);
    assert.match(afterRevoke.headers["www-authenticate"] ?? "", /resource_metadata=/);

    // A page of any other origin reads nothing, not even a plain GET of public metadata.
    await pageOn(page, "http://unlisted.localhost");
    for (const [path, init] of [
      ["/api/tasks", { headers: bearer }],
      ["/.well-known/oauth-authorization-server", {}],
    ] as const) {
      await assert.rejects(fetchInPage(page, `${origin}${path}`, init), /Failed to fetch/);
    }
  },
);
