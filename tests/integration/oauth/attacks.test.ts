import { and, eq, isNotNull } from "drizzle-orm";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { NextRequest } from "next/server";
import * as oidc from "openid-client";
import type { ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { GET as sessions } from "@/app/api/auth/sessions/route";
import { GET as workspaces } from "@/app/api/workspaces/route";
import AuthorizePage from "@/app/oauth/authorize/page";
import { authenticateHeaders } from "@/lib/auth/core/guard";
import { refreshForPage } from "@/lib/auth/core/page-refresh";
import { verifyAccessToken } from "@/lib/auth/tokens/tokens";
import { getDb } from "@/lib/db/client";
import { refreshToken, securityEvent, session, user as userTable } from "@/lib/db/schema";
import config from "@/next.config";
import { proxy } from "@/proxy";
import { createSignedInUser } from "../../support/auth";
import { jsonRequest, TEST_ORIGIN } from "../../support/http";
import {
  authorizationRequest,
  callTaskApi,
  consentedCallback,
  discover,
  grantedTokens,
  postAsPage,
  postConsent,
  REDIRECT_URI,
  registerClient,
  serveForThisFile,
  tokenRequest,
} from "./harness";

const LISTED_ORIGIN = vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
  process.env.CORS_ORIGINS = "https://spa.example";
  return "https://spa.example";
});

const served = serveForThisFile();

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function oauthErrorOf(response: Response) {
  return ((await response.json()) as { error: string }).error;
}

/** A code for `client`, with the verifier that goes with it, the user having allowed. */
async function freshCode(client: Awaited<ReturnType<typeof registerClient>>) {
  const user = await createSignedInUser();
  const configuration = await discover(served.current, client);
  const consented = await consentedCallback(served.current, configuration, user);
  return { ...consented, user, code: consented.callback.searchParams.get("code") ?? "" };
}

const redeem = (clientId: string, code: string, verifier: string) =>
  tokenRequest(served.current, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    client_id: clientId,
  });

const refreshAt = (clientId: string, refreshToken: string, extra = {}) =>
  tokenRequest(served.current, {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    client_id: clientId,
    ...extra,
  });

describe("authorization codes", () => {
  it("refuses a code used twice and revokes the grant its first use made", async () => {
    const client = await registerClient();
    const { code, verifier, user } = await freshCode(client);
    const first = await redeem(client.clientId, code, verifier);
    expect(first.status).toBe(200);
    const tokens = await first.json();

    const second = await redeem(client.clientId, code, verifier);
    expect(second.status).toBe(400);
    expect(await oauthErrorOf(second)).toBe("invalid_grant");
    const configuration = await discover(served.current, client);
    expect((await callTaskApi(configuration, tokens.access_token)).status).toBe(401);
    expect(await oauthErrorOf(await refreshAt(client.clientId, tokens.refresh_token))).toBe(
      "invalid_grant",
    );
    const events = await getDb()
      .select()
      .from(securityEvent)
      .where(
        and(eq(securityEvent.userId, user.user.id), eq(securityEvent.type, "oauth_code_reuse")),
      );
    expect(events).toHaveLength(1);
  });

  it("makes no grant for an account disabled between the consent and the code's redemption", async () => {
    const client = await registerClient();
    const { code, verifier, user } = await freshCode(client);
    await getDb().update(userTable).set({ banned: true }).where(eq(userTable.id, user.user.id));
    const refused = await redeem(client.clientId, code, verifier);
    expect(refused.status).toBe(400);
    expect(await oauthErrorOf(refused)).toBe("invalid_grant");
    const grants = await getDb().select().from(session).where(eq(session.userId, user.user.id));
    expect(grants.filter((row) => row.oauthClientId !== null)).toEqual([]);
  });

  it("refuses a wrong or missing PKCE verifier, and spends the code anyway", async () => {
    const client = await registerClient();
    const wrong = await freshCode(client);
    const otherVerifier = oidc.randomPKCECodeVerifier();
    expect(await oauthErrorOf(await redeem(client.clientId, wrong.code, otherVerifier))).toBe(
      "invalid_grant",
    );
    expect(await oauthErrorOf(await redeem(client.clientId, wrong.code, wrong.verifier))).toBe(
      "invalid_grant",
    );
    const missing = await freshCode(client);
    const withoutVerifier = await tokenRequest(served.current, {
      grant_type: "authorization_code",
      code: missing.code,
      redirect_uri: REDIRECT_URI,
      client_id: client.clientId,
    });
    expect(await oauthErrorOf(withoutVerifier)).toBe("invalid_grant");
  });

  it("refuses a verifier outside RFC 7636's 43 to 128 unreserved characters, even one that hashes to the challenge", async () => {
    const client = await registerClient();
    const user = await createSignedInUser();
    const configuration = await discover(served.current, client);
    for (const verifier of ["a".repeat(42), "a".repeat(129), `${"a".repeat(50)}+/=`]) {
      const challenge = await oidc.calculatePKCECodeChallenge(verifier);
      const { url } = await authorizationRequest(configuration, { code_challenge: challenge });
      const response = await postConsent(served.current, user, url.searchParams);
      const code = new URL(response.headers.get("location") ?? "").searchParams.get("code") ?? "";
      expect(code, verifier).not.toBe("");
      expect(await oauthErrorOf(await redeem(client.clientId, code, verifier)), verifier).toBe(
        "invalid_grant",
      );
    }
  });

  it("binds a code to its redirect URI: another one of the client's, or none, is invalid_grant", async () => {
    const other = "https://app.example/other";
    const client = await registerClient({ redirectUris: [REDIRECT_URI, other] });
    for (const redirectUri of [other, undefined]) {
      const { code, verifier } = await freshCode(client);
      const response = await tokenRequest(served.current, {
        grant_type: "authorization_code",
        code,
        code_verifier: verifier,
        client_id: client.clientId,
        ...(redirectUri && { redirect_uri: redirectUri }),
      });
      expect(await oauthErrorOf(response), String(redirectUri)).toBe("invalid_grant");
      // Spent: the right redirect URI does not revive it.
      expect(await oauthErrorOf(await redeem(client.clientId, code, verifier))).toBe(
        "invalid_grant",
      );
    }
  });

  it("answers a resource that is not ours invalid_target at the token endpoint (RFC 8707)", async () => {
    const client = await registerClient();
    const { code, verifier } = await freshCode(client);
    const response = await tokenRequest(served.current, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      client_id: client.clientId,
      resource: "https://elsewhere.example/api",
    });
    expect(response.status).toBe(400);
    expect(await oauthErrorOf(response)).toBe("invalid_target");
  });

  it("sends PKCE missing or plain back to the app as invalid_request, with no code", async () => {
    const client = await registerClient();
    const user = await createSignedInUser();
    const configuration = await discover(served.current, client);
    const { url, verifier, state } = await authorizationRequest(configuration);
    const missing = new URLSearchParams(url.searchParams);
    missing.delete("code_challenge");
    missing.delete("code_challenge_method");
    const plain = new URLSearchParams(url.searchParams);
    plain.set("code_challenge_method", "plain");
    plain.set("code_challenge", verifier);
    const noMethod = new URLSearchParams(url.searchParams);
    noMethod.delete("code_challenge_method");
    for (const parameters of [missing, plain, noMethod]) {
      const response = await postConsent(served.current, user, parameters);
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get("location") ?? "");
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get("error")).toBe("invalid_request");
      expect(location.searchParams.get("state")).toBe(state);
      expect(location.searchParams.get("iss")).toBe(TEST_ORIGIN);
      expect(location.searchParams.has("code")).toBe(false);
    }
  });

  it("never redirects to a redirect URI that is not exactly a registered one", async () => {
    const client = await registerClient();
    const user = await createSignedInUser();
    const configuration = await discover(served.current, client);
    const { url } = await authorizationRequest(configuration);
    const variants = [
      "https://app.example/callback/",
      "https://APP.example/callback",
      "https://app.example/Callback",
      "https://app.example/callback/more",
      "https://app.example/callback?next=1",
      "https://app.example:8443/callback",
      "http://app.example/callback",
      "https://app.example.evil/callback",
    ];
    for (const variant of variants) {
      const parameters = new URLSearchParams(url.searchParams);
      parameters.set("redirect_uri", variant);
      const response = await postConsent(served.current, user, parameters);
      expect(response.status, variant).toBe(400);
      expect(response.headers.get("location"), variant).toBeNull();
      // The page shows the problem itself: it returns an element instead of redirecting.
      const page = (await AuthorizePage({
        searchParams: Promise.resolve(Object.fromEntries(parameters)),
      })) as ReactElement<{ message: string }>;
      expect(page.props.message, variant).toMatch(/did not register/);
    }
    const unknown = new URLSearchParams(url.searchParams);
    unknown.set("client_id", "tfc_AAAAAAAAAAAAAAAAAAAAAA");
    expect((await postConsent(served.current, user, unknown)).status).toBe(400);
  });

  it("sends a denial back as access_denied, with the state", async () => {
    const client = await registerClient();
    const user = await createSignedInUser();
    const { url, state } = await authorizationRequest(await discover(served.current, client));
    const response = await postConsent(served.current, user, url.searchParams, "deny");
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe(state);
    expect(location.searchParams.has("code")).toBe(false);
  });
});

describe("the consent", () => {
  it("is refused to a POST from another site, and to an account whose address is not proven", async () => {
    const client = await registerClient();
    const user = await createSignedInUser();
    const { url } = await authorizationRequest(await discover(served.current, client));
    const forged = await postConsent(
      served.current,
      user,
      url.searchParams,
      "allow",
      "https://evil.example",
    );
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.code).toBe("cross_site_request");

    const unproven = await createSignedInUser({ verified: false });
    const refused = await postConsent(served.current, unproven, url.searchParams);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("address_not_proven");
  });

  it("is answered only from our own pages: a CORS_ORIGINS site may call the API, not consent for the user", async () => {
    const client = await registerClient();
    const user = await createSignedInUser();
    const { url } = await authorizationRequest(await discover(served.current, client));
    const listed = await postConsent(
      served.current,
      user,
      url.searchParams,
      "allow",
      LISTED_ORIGIN,
    );
    expect(listed.status).toBe(403);
    expect((await listed.json()).error.code).toBe("cross_site_request");
    const device = await postAsPage(
      served.current,
      "/api/oauth/device",
      user,
      { decision: "allow", user_code: "BCDF-GHJK" },
      { origin: LISTED_ORIGIN },
    );
    expect(device.status).toBe(403);
    const own = await postConsent(served.current, user, url.searchParams);
    expect(own.status).toBe(303);
  });

  it("is a page no other site can frame", async () => {
    const page = await proxy(new NextRequest(`${TEST_ORIGIN}/oauth/authorize?client_id=x`));
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const rules = (await (await config(PHASE_PRODUCTION_BUILD)).headers?.()) ?? [];
    const everywhere = rules.find((rule) => rule.source === "/:path*");
    expect(everywhere?.headers).toContainEqual({ key: "X-Frame-Options", value: "DENY" });
  });
});

describe("the tokens of a grant", () => {
  it("cannot write with tasks:read: 403 insufficient_scope naming tasks:write", async () => {
    const client = await registerClient();
    const { config: configuration, tokens } = await grantedTokens(served.current, client, {
      scope: "tasks:read",
    });
    expect((await callTaskApi(configuration, tokens.access_token)).status).toBe(200);
    const write = await callTaskApi(configuration, tokens.access_token, "POST");
    expect(write.status).toBe(403);
    expect(write.headers.get("www-authenticate")).toBe(
      'Bearer realm="taskflow", error="insufficient_scope", scope="tasks:write"',
    );
  });

  it("are refused where a route declares no scope, on workspace routes, and by pages", async () => {
    const client = await registerClient();
    const { tokens } = await grantedTokens(served.current, client, { scope: "tasks:read" });
    const token = tokens.access_token;
    for (const [route, path] of [
      [sessions, "/api/auth/sessions"],
      [workspaces, "/api/workspaces"],
    ] as const) {
      const response = await route(jsonRequest(path, { method: "GET", headers: bearer(token) }));
      expect(response.status, path).toBe(403);
      expect((await response.json()).error.code, path).toBe("app_token_not_accepted");
    }
    const profile = await me(
      jsonRequest("/api/auth/me", { method: "GET", headers: bearer(token) }),
    );
    expect(profile.status).toBe(403);
    // Pages, the proxy and every first-party guard verify with verifyAccessToken.
    expect(await verifyAccessToken(token)).toBeNull();
    expect(await authenticateHeaders(new Headers({ cookie: `access_token=${token}` }))).toBeNull();
  });

  it("read the profile with the profile scope", async () => {
    const client = await registerClient();
    const { user, tokens } = await grantedTokens(served.current, client, { scope: "profile" });
    const profile = await me(
      jsonRequest("/api/auth/me", { method: "GET", headers: bearer(tokens.access_token) }),
    );
    expect(profile.status).toBe(200);
    expect((await profile.json()).user.email).toBe(user.email);
  });

  it("are refused by the task API when issued for the MCP endpoint", async () => {
    const client = await registerClient();
    const { config: configuration, tokens } = await grantedTokens(served.current, client, {
      resource: `${TEST_ORIGIN}/api/mcp`,
    });
    const response = await callTaskApi(configuration, tokens.access_token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });
});

describe("refresh tokens of a grant", () => {
  it("are refused to another client, untouched: the rightful client still refreshes", async () => {
    const alice = await registerClient();
    const mallory = await registerClient();
    const { code, verifier } = await freshCode(alice);
    expect(await oauthErrorOf(await redeem(mallory.clientId, code, verifier))).toBe(
      "invalid_grant",
    );
    const { tokens } = await grantedTokens(served.current, alice);
    const stolen = tokens.refresh_token ?? "";
    expect(await oauthErrorOf(await refreshAt(mallory.clientId, stolen))).toBe("invalid_grant");
    expect((await refreshAt(alice.clientId, stolen)).status).toBe(200);
  });

  it("may narrow the scopes, never widen them", async () => {
    const client = await registerClient();
    const { tokens } = await grantedTokens(served.current, client, { scope: "tasks:read" });
    const wider = await refreshAt(client.clientId, tokens.refresh_token ?? "", {
      scope: "tasks:read tasks:write",
    });
    expect(wider.status).toBe(400);
    expect(await oauthErrorOf(wider)).toBe("invalid_scope");

    const both = await grantedTokens(served.current, client);
    const narrowed = await oidc.refreshTokenGrant(both.config, both.tokens.refresh_token ?? "", {
      scope: "tasks:read",
    });
    expect(narrowed.scope).toBe("tasks:read");
    expect((await callTaskApi(both.config, narrowed.access_token, "POST")).status).toBe(403);
    // The refused escalation rotated nothing: the token still works.
    expect((await refreshAt(client.clientId, tokens.refresh_token ?? "")).status).toBe(200);
  });

  it("refuses a refresh for another resource as invalid_target, rotating nothing", async () => {
    const client = await registerClient();
    const { user, tokens } = await grantedTokens(served.current, client);
    const elsewhere = await refreshAt(client.clientId, tokens.refresh_token ?? "", {
      resource: `${TEST_ORIGIN}/api/mcp`,
    });
    expect(await oauthErrorOf(elsewhere)).toBe("invalid_target");
    const family = await getDb()
      .select({ rotatedAt: refreshToken.rotatedAt })
      .from(refreshToken)
      .innerJoin(session, eq(session.id, refreshToken.sessionId))
      .where(and(eq(session.userId, user.user.id), isNotNull(session.oauthClientId)));
    expect(family).toEqual([{ rotatedAt: null }]);
  });

  it("never become first-party tokens: the refresh route, the login grant and the proxy refuse them", async () => {
    const client = await registerClient();
    const { tokens } = await grantedTokens(served.current, client);
    const grantRefresh = tokens.refresh_token ?? "";
    const byCookie = await refresh(
      jsonRequest("/api/auth/refresh", { headers: { cookie: `refresh_token=${grantRefresh}` } }),
    );
    expect(byCookie.status).toBe(401);
    expect(byCookie.headers.getSetCookie().some((c) => /^access_token=[^;]/.test(c))).toBe(false);
    const byBody = await refresh(
      jsonRequest("/api/auth/refresh", { body: { refresh_token: grantRefresh } }),
    );
    expect(byBody.status).toBe(401);
    const byLogin = await login(
      jsonRequest("/api/auth/login", {
        body: { grant_type: "refresh_token", refresh_token: grantRefresh },
      }),
    );
    expect(byLogin.status).toBe(401);
    const page = jsonRequest("/dashboard", { method: "GET" });
    expect(await refreshForPage(page, grantRefresh)).toBe("ended");
    // None of them rotated it, nor took it for a replay.
    expect((await refreshAt(client.clientId, grantRefresh)).status).toBe(200);
  });

  it("is the only kind the OAuth token endpoint takes: a person's own refresh token is refused", async () => {
    const client = await registerClient();
    const user = await createSignedInUser();
    expect(await oauthErrorOf(await refreshAt(client.clientId, user.refreshToken))).toBe(
      "invalid_grant",
    );
    const own = await refresh(
      jsonRequest("/api/auth/refresh", {
        headers: { cookie: `refresh_token=${user.refreshToken}` },
      }),
    );
    expect(own.status).toBe(200);
  });
});

describe("the token endpoint", () => {
  it("answers errors as RFC 6749 §5.2, uncacheable, and takes only form bodies", async () => {
    const client = await registerClient();
    const unsupported = await tokenRequest(served.current, {
      grant_type: "password",
      client_id: client.clientId,
    });
    expect(unsupported.status).toBe(400);
    expect(await unsupported.json()).toEqual({
      error: "unsupported_grant_type",
      error_description: expect.any(String),
    });
    expect(unsupported.headers.get("cache-control")).toBe("no-store");
    const json = await fetch(`${served.current.origin}/api/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "refresh_token", client_id: client.clientId }),
    });
    expect(await oauthErrorOf(json)).toBe("invalid_request");
    const unknownClient = await tokenRequest(served.current, {
      grant_type: "refresh_token",
      refresh_token: "x",
      client_id: "tfc_AAAAAAAAAAAAAAAAAAAAAA",
    });
    expect(unknownClient.status).toBe(401);
    expect(await oauthErrorOf(unknownClient)).toBe("invalid_client");
  });

  it("sets no cookie", async () => {
    const client = await registerClient();
    const { code, verifier } = await freshCode(client);
    const response = await redeem(client.clientId, code, verifier);
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
