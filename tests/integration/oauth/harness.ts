import { eq } from "drizzle-orm";
import * as oidc from "openid-client";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, expect } from "vitest";
import { GET as authorizationServerMetadata } from "@/app/.well-known/oauth-authorization-server/route";
import { GET as mcpResourceMetadata } from "@/app/.well-known/oauth-protected-resource/api/mcp/route";
import { GET as taskApiMetadata } from "@/app/.well-known/oauth-protected-resource/route";
import { POST as consent } from "@/app/api/oauth/authorize/route";
import { POST as deviceAnswer } from "@/app/api/oauth/device/route";
import { POST as deviceAuthorization } from "@/app/api/oauth/device_authorization/route";
import { POST as revoke } from "@/app/api/oauth/revoke/route";
import { POST as token } from "@/app/api/oauth/token/route";
import * as tasks from "@/app/api/tasks/route";
import AuthorizePage from "@/app/oauth/authorize/page";
import {
  hashClientSecret,
  newClientId,
  newClientSecret,
} from "@/lib/auth/oauth/client-credentials";
import { getDb } from "@/lib/db/client";
import { oauthClient } from "@/lib/db/schema";
import { createSignedInUser } from "../../support/auth";
import { authorizationRequestOf } from "../../support/authorization-request";
import { TEST_ORIGIN, uniqueClientIp } from "../../support/http";
import { serveRoutes } from "../../support/serve-route";

/**
 * The authorization server as an app meets it: the real route handlers served over HTTP, driven
 * by openid-client (panva's, written nowhere near here). The app believes it is served at
 * TEST_ORIGIN, the issuer every document and token names; a client reaches it there as through a
 * reverse proxy in front of the listening port. Each request comes from its own client IP, as
 * tests/support/http.ts gives every request, so per-IP limits never couple tests.
 */
export type Server = Awaited<ReturnType<typeof startAuthorizationServer>>;

export async function startAuthorizationServer() {
  const served = await serveRoutes({
    "GET /.well-known/oauth-authorization-server": authorizationServerMetadata,
    "GET /.well-known/oauth-protected-resource": taskApiMetadata,
    "GET /.well-known/oauth-protected-resource/api/mcp": mcpResourceMetadata,
    "POST /api/oauth/authorize": consent,
    "POST /api/oauth/token": token,
    "POST /api/oauth/revoke": revoke,
    "POST /api/oauth/device_authorization": deviceAuthorization,
    "POST /api/oauth/device": deviceAnswer,
    "GET /api/tasks": tasks.GET,
    "POST /api/tasks": tasks.POST,
  });
  const send: oidc.CustomFetch = (url, options) => {
    const headers = new Headers(options.headers as HeadersInit);
    headers.set("x-real-ip", uniqueClientIp());
    return fetch(url.replace(TEST_ORIGIN, served.origin), { ...options, headers } as RequestInit);
  };
  return { ...served, send };
}

/** The server of a test file: started before its first test, closed after its last. */
export function serveForThisFile(): { readonly current: Server } {
  const served = {} as { current: Server };
  beforeAll(async () => {
    served.current = await startAuthorizationServer();
  });
  afterAll(() => served.current.close());
  return served;
}

export const REDIRECT_URI = "https://app.example/callback";

export type RegisteredClient = { clientId: string; secret?: string };

/** An app as Settings or dynamic registration would store it (their routes are tested there). */
export async function registerClient(
  options: { confidential?: boolean; redirectUris?: string[]; ownerId?: string } = {},
): Promise<RegisteredClient> {
  const clientId = newClientId();
  const secret = options.confidential ? newClientSecret() : undefined;
  await getDb()
    .insert(oauthClient)
    .values({
      clientId,
      name: "Example Agent",
      redirectUris: options.redirectUris ?? [REDIRECT_URI],
      secretHash: secret ? hashClientSecret(secret) : null,
      ownerId: options.ownerId ?? null,
    });
  return { clientId, secret };
}

export async function clientRow(clientId: string) {
  const [row] = await getDb().select().from(oauthClient).where(eq(oauthClient.clientId, clientId));
  return row;
}

/** openid-client's configuration for `client`, from our RFC 8414 metadata. */
export function discover(server: Server, client: RegisteredClient) {
  const authentication = client.secret ? oidc.ClientSecretBasic(client.secret) : oidc.None();
  return oidc.discovery(new URL(TEST_ORIGIN), client.clientId, undefined, authentication, {
    algorithm: "oauth2",
    execute: [oidc.allowInsecureRequests],
    [oidc.customFetch]: server.send,
  });
}

export type User = Awaited<ReturnType<typeof createSignedInUser>>;

/**
 * The user's browser posts a page's answer (the consent page's, or /device's) as a form, with the
 * user's cookies, from our own origin unless `origin` says otherwise, as the page does.
 */
export function postAsPage(
  server: Server,
  path: string,
  user: User,
  fields: URLSearchParams | Record<string, string>,
  { origin = TEST_ORIGIN, ip = uniqueClientIp() } = {},
) {
  return fetch(`${server.origin}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: user.cookie,
      origin,
      "content-type": "application/x-www-form-urlencoded",
      "x-real-ip": ip,
    },
    body: new URLSearchParams(fields),
  });
}

/** The consent page's form: the request's own parameters plus the decision. */
export function postConsent(
  server: Server,
  user: User,
  parameters: URLSearchParams | Record<string, string>,
  decision: "allow" | "deny" = "allow",
  origin = TEST_ORIGIN,
) {
  const body = new URLSearchParams(parameters);
  body.set("decision", decision);
  return postAsPage(server, "/api/oauth/authorize", user, body, { origin });
}

/** An authorization request to this file's app's redirect URI (tests/support). */
export const authorizationRequest = (
  config: oidc.Configuration,
  extra: Record<string, string> = {},
) => authorizationRequestOf(config, REDIRECT_URI, extra);

/** The user allows; the app's redirect URI receives this URL. */
export async function consentedCallback(
  server: Server,
  config: oidc.Configuration,
  user: User,
  extra: Record<string, string> = {},
) {
  const request = await authorizationRequest(config, extra);
  const response = await postConsent(server, user, request.url.searchParams);
  expect(response.status, await response.clone().text()).toBe(303);
  return { ...request, callback: new URL(response.headers.get("location") ?? "") };
}

/** A user who allowed `client`, and the tokens openid-client got for the grant. */
export async function grantedTokens(
  server: Server,
  client: RegisteredClient,
  extra: Record<string, string> = {},
) {
  const user = await createSignedInUser();
  const config = await discover(server, client);
  const { callback, verifier, state } = await consentedCallback(server, config, user, extra);
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { user, config, tokens };
}

/**
 * A task API call as the app makes it, through openid-client, which throws on an answer with a
 * challenge (401, 403): its response, either way.
 */
export async function callTaskApi(
  config: oidc.Configuration,
  accessToken: string,
  method: "GET" | "POST" = "GET",
) {
  const body = method === "POST" ? JSON.stringify({ title: "from an app" }) : undefined;
  const headers = new Headers({ "content-type": "application/json" });
  try {
    return await oidc.fetchProtectedResource(
      config,
      accessToken,
      new URL(`${TEST_ORIGIN}/api/tasks`),
      method,
      body,
      headers,
    );
  } catch (error) {
    if (error instanceof oidc.WWWAuthenticateChallengeError) return error.response;
    throw error;
  }
}

/**
 * What the consent page (GET /oauth/authorize) does with a query string: shows its problem
 * (`message`, the error page's) or the consent, rendered here so that a rendering fault shows, or
 * redirects the browser (Next.js's `redirect()` throws, the address in its digest). Past the
 * request's checks the page reads the user's cookies: a test that goes there mocks next/headers.
 */
export async function authorizePage(
  query: string | URLSearchParams,
): Promise<{ redirect?: string; message?: string }> {
  // Next.js hands a page its search parameters with a repeated name as an array.
  const search: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const held = search[name];
    search[name] = held === undefined ? value : [...[held].flat(), value];
  }
  try {
    const element = (await AuthorizePage({
      searchParams: Promise.resolve(search),
    })) as ReactElement<{ message?: unknown }>;
    renderToStaticMarkup(element);
    const { message } = element.props;
    return typeof message === "string" ? { message } : {};
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) {
      // NEXT_REDIRECT;<push|replace>;<address>;<status>;
      return { redirect: digest.split(";").slice(2, -2).join(";") };
    }
    throw error;
  }
}

/** The token endpoint as a client with a hand-written form (for what no library would send). */
export function tokenRequest(server: Server, form: Record<string, string>, headers = {}) {
  return fetch(`${server.origin}/api/oauth/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-real-ip": uniqueClientIp(),
      ...headers,
    },
    body: new URLSearchParams(form),
  });
}

/**
 * `user` allows `client` on the consent page with a choice of tasks (`workspace`: a workspace's
 * id, or "personal"), and openid-client redeems the code.
 */
export async function tokensForWorkspace(
  server: Server,
  client: RegisteredClient,
  user: User,
  workspace: string,
  scope = "tasks:read tasks:write",
) {
  const config = await discover(server, client);
  const { url, verifier, state } = await authorizationRequest(config, { scope });
  const response = await postConsent(server, user, {
    ...Object.fromEntries(url.searchParams),
    workspace,
  });
  expect(response.status, await response.clone().text()).toBe(303);
  const callback = new URL(response.headers.get("location") ?? "");
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { config, tokens };
}
