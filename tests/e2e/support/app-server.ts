import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { readOutbox } from "@/lib/email/outbox";
import { type IdentityProvider, startIdentityProvider } from "../../support/identity-provider";
import { type NextServer, startNextServer } from "../../support/next-server";
import {
  createTestDatabase,
  embeddedTemplate,
  startEmbeddedDatabaseThread,
} from "../../support/test-database";
import { PASSWORD } from "./browser";
import { STEP_TIMEOUT_MS } from "./journey";

/**
 * The app as it runs in production (tests/support/next-server.ts) on a fresh database. Only
 * what a test needs differs from a deployment, and it is set here, in the open: a one-minute
 * access token (the expiry journey waits it out), an admin account, and per-IP limits raised
 * because every browser here shares one IP.
 */
export const E2E_ADMIN_EMAIL = "admin@e2e.test";
/** The company SSO of the e2e run: an OpenID Connect provider on loopback (its button's name). */
export const E2E_SSO_NAME = "Test SSO";

/**
 * The one origin in the server's CORS_ORIGINS: a page there is an app's own (a single-page app,
 * a browser MCP client). Nothing listens on it; journeys answer its URLs in the browser.
 */
export const LISTED_PAGE_ORIGIN = "http://127.0.0.1";

export type AppServer = {
  origin: string;
  outboxDir: string;
  databaseKind: "postgres" | "embedded";
  stop: () => Promise<void>;
};

export async function startAppServer(options: {
  port: number;
  log: string;
  /** Settings of this deployment on top of the e2e ones (REQUIRE_ADMIN_2FA, ...). */
  env?: Record<string, string>;
}): Promise<AppServer> {
  const serverUrl = process.env.TEST_DATABASE_URL || undefined;
  // The embedded database runs on a thread of its own, from the migrated template (no initdb):
  // PGlite answers on the thread that runs it, and on this one, which also drives the browser,
  // a second server's initdb starting beside the first server's journeys timed three of them out.
  const database = serverUrl
    ? await createTestDatabase(serverUrl)
    : await startEmbeddedDatabaseThread(await embeddedTemplate());
  const outboxDir = await mkdtemp(path.join(tmpdir(), "taskflow-e2e-outbox-"));
  const log = createWriteStream(options.log);
  const cleanUp = async () => {
    await database.drop();
    await rm(outboxDir, { recursive: true, force: true });
    log.end();
  };
  let server: NextServer | undefined;
  let sso: IdentityProvider | undefined;
  try {
    sso = await startIdentityProvider({
      redirectUris: [`http://localhost:${options.port}/api/auth/callback/oidc`],
      emailLogins: true,
    });
    server = await startNextServer({
      port: options.port,
      databaseUrl: database.url,
      origin: `http://localhost:${options.port}`,
      log,
      env: {
        ACCESS_TOKEN_EXPIRE_MINUTES: "1",
        ADMIN_EMAILS: E2E_ADMIN_EMAIL,
        // No SMTP: reset links land in this directory, where the password-reset journey reads them.
        EMAIL_OUTBOX_DIR: outboxDir,
        // Every browser here is one client IP: per-IP limits would count the whole suite as one
        // visitor. The per-account sign-in limit (5 a minute) stays as shipped.
        RATE_LIMIT_REGISTER_IP: "1000/1m",
        RATE_LIMIT_LOGIN_IP: "1000/1m",
        // The optional ways other programs act for a user, which journeys drive.
        API_KEYS: "on",
        OAUTH_PROVIDER: "on",
        CORS_ORIGINS: LISTED_PAGE_ORIGIN,
        // Plain http, which lib/env.ts allows for a loopback issuer only.
        OIDC_ISSUER: sso.issuer,
        OIDC_CLIENT_ID: sso.clientId,
        OIDC_CLIENT_SECRET: sso.clientSecret,
        OIDC_NAME: E2E_SSO_NAME,
        ...options.env,
      },
    });
    await registerAdmin(server.origin, outboxDir);
  } catch (error) {
    await server?.stop();
    await sso?.close();
    await cleanUp();
    throw error;
  }
  const identityProvider = sso;
  const { origin, stop } = server;
  return {
    origin,
    outboxDir,
    databaseKind: serverUrl ? "postgres" : "embedded",
    async stop() {
      await stop();
      await identityProvider.close();
      await cleanUp();
    },
  };
}

/**
 * The one account ADMIN_EMAILS promotes, signed up like anyone else; it becomes admin when its
 * verification link, from the outbox, is confirmed with the account's password (the page a link
 * opened where nobody is signed in leads to).
 */
async function registerAdmin(origin: string, outboxDir: string): Promise<void> {
  const response = await fetch(`${origin}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: E2E_ADMIN_EMAIL, password: PASSWORD, name: "Admin" }),
  });
  if (response.status !== 201) throw new Error(`admin sign-up answered ${response.status}`);
  const link = new URL(await verificationLinkFor(outboxDir, E2E_ADMIN_EMAIL));
  const confirmed = await fetch(`${origin}/api/auth/verify-email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ token: link.searchParams.get("token"), password: PASSWORD }),
  });
  if (confirmed.status !== 200) {
    throw new Error(`the admin's verification link answered ${confirmed.status}`);
  }
}

/**
 * The newest verification link mailed to `email`, waiting up to a step's time for the mail, which
 * the app writes after its answer.
 */
export const verificationLinkFor = (outboxDir: string, email: string) =>
  newestLinkFor(outboxDir, email, /https?:\/\/\S+\/api\/auth\/verify-email\?token=\S+/);

/** The newest workspace invitation link mailed to `email`. */
export const invitationLinkFor = (outboxDir: string, email: string) =>
  newestLinkFor(outboxDir, email, /https?:\/\/\S+\/workspaces\/join#token=\S+/);

/** The newest password-reset link mailed to `email`. */
export const resetLinkFor = (outboxDir: string, email: string) =>
  newestLinkFor(outboxDir, email, /https?:\/\/\S+\/reset-password\?token=\S+/);

async function newestLinkFor(outboxDir: string, email: string, link: RegExp): Promise<string> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const messages = (await readOutbox(outboxDir)).filter((message) => message.to === email);
    for (const message of messages) {
      const found = link.exec(message.text)?.[0];
      if (found) return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${email} with a link like ${link}`);
}

/**
 * The address's owner follows her verification link in the browser signed in to the account
 * (it verifies at once there): what a journey does before adding a passkey or an authenticator
 * app, which need a proven address.
 */
export async function proveAddress(page: Page, outboxDir: string, email: string) {
  await page.goto(await verificationLinkFor(outboxDir, email));
  await page.waitForURL((url) => url.pathname === "/dashboard");
}
