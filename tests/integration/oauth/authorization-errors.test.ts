import * as oidc from "openid-client";
import { describe, expect, it, vi } from "vitest";
import type { OAuthErrorCode } from "@/lib/auth/oauth/errors";
import { resourceUrl } from "@/lib/http/protected-resources";
import { createSignedInUser } from "../../support/auth";
import { TEST_ORIGIN, uniqueClientIp } from "../../support/http";
import {
  authorizationRequest,
  authorizePage,
  consentedCallback,
  discover,
  grantedTokens,
  postAsPage,
  postConsent,
  REDIRECT_URI,
  type RegisteredClient,
  registerClient,
  serveForThisFile,
} from "./harness";

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
});

/**
 * Where each refusal of an authorization request goes (RFC 6749 §4.1.2.1, OAuth 2.1 §4.1.2.1,
 * RFC 8707 §2, RFC 9207): while the client or its redirect URI is in doubt, to our own error page
 * and nowhere else; once both are sound, back to the app's redirect URI as `error`,
 * `error_description`, `state` and `iss`, and never our page, which the app would never hear of.
 * Each row is asked of the consent page (GET /oauth/authorize) and of its POST, which checks the
 * request again; a refusal sent back is read by openid-client as the app would read it.
 */

const served = serveForThisFile();

const TASKS = resourceUrl("tasks");
const MCP = resourceUrl("mcp");

/** A change to a valid request: the parameters in order, as the browser would send them. */
type Change = (parameters: [string, string][], other: RegisteredClient) => [string, string][];

const drop = (parameters: [string, string][], name: string) =>
  parameters.filter(([key]) => key !== name);
const without =
  (name: string): Change =>
  (parameters) =>
    drop(parameters, name);
const replacing =
  (name: string, value: string): Change =>
  (parameters) => [...drop(parameters, name), [name, value]];
const twice =
  (name: string, second?: string): Change =>
  (parameters) => {
    const [, value = ""] = parameters.find(([key]) => key === name) ?? [];
    return [...parameters, [name, second ?? value]];
  };

type Row =
  | { name: string; change: Change; page: RegExp }
  | { name: string; change: Change; error: OAuthErrorCode; state: "echoed" | "absent" };

const ROWS: Row[] = [
  // Before the client and its redirect URI are known: our page, never a redirect.
  { name: "client_id missing", change: without("client_id"), page: /not registered/ },
  {
    name: "client_id unknown",
    change: replacing("client_id", "tfc_AAAAAAAAAAAAAAAAAAAAAA"),
    page: /not registered/,
  },
  {
    name: "client_id malformed",
    change: replacing("client_id", "x\u0000"),
    page: /not registered/,
  },
  { name: "client_id sent twice, the same", change: twice("client_id"), page: /more than one app/ },
  {
    name: "client_id sent twice, another app's second",
    change: (parameters, other) => twice("client_id", other.clientId)(parameters, other),
    page: /more than one app/,
  },
  { name: "redirect_uri missing", change: without("redirect_uri"), page: /did not register/ },
  {
    name: "redirect_uri not registered",
    change: replacing("redirect_uri", `${REDIRECT_URI}/`),
    page: /did not register/,
  },
  {
    name: "redirect_uri registered by another app",
    change: replacing("redirect_uri", "https://other.example/callback"),
    page: /did not register/,
  },
  {
    name: "redirect_uri sent twice, the same",
    change: twice("redirect_uri"),
    page: /more than one address/,
  },
  {
    name: "redirect_uri sent twice, another second",
    change: twice("redirect_uri", "https://evil.example/callback"),
    page: /more than one address/,
  },
  // Both sound: back to the app.
  {
    name: "response_type missing",
    change: without("response_type"),
    error: "invalid_request",
    state: "echoed",
  },
  {
    name: "response_type token",
    change: replacing("response_type", "token"),
    error: "unsupported_response_type",
    state: "echoed",
  },
  {
    name: "response_type code id_token",
    change: replacing("response_type", "code id_token"),
    error: "unsupported_response_type",
    state: "echoed",
  },
  {
    name: "response_type sent twice",
    change: twice("response_type"),
    error: "invalid_request",
    state: "echoed",
  },
  {
    name: "code_challenge missing",
    change: without("code_challenge"),
    error: "invalid_request",
    state: "echoed",
  },
  {
    name: "code_challenge malformed",
    change: replacing("code_challenge", "short"),
    error: "invalid_request",
    state: "echoed",
  },
  {
    name: "code_challenge sent twice",
    change: twice("code_challenge", "A".repeat(43)),
    error: "invalid_request",
    state: "echoed",
  },
  {
    name: "code_challenge_method missing",
    change: without("code_challenge_method"),
    error: "invalid_request",
    state: "echoed",
  },
  {
    name: "code_challenge_method plain",
    change: replacing("code_challenge_method", "plain"),
    error: "invalid_request",
    state: "echoed",
  },
  {
    name: "code_challenge_method sent twice",
    change: twice("code_challenge_method", "plain"),
    error: "invalid_request",
    state: "echoed",
  },
  { name: "state missing", change: without("state"), error: "invalid_request", state: "absent" },
  {
    name: "state longer than 1024 characters",
    change: replacing("state", "s".repeat(1025)),
    error: "invalid_request",
    state: "echoed",
  },
  {
    name: "state sent twice",
    change: twice("state", "another"),
    error: "invalid_request",
    state: "absent",
  },
  {
    name: "scope we do not have",
    change: replacing("scope", "tasks:read admin"),
    error: "invalid_scope",
    state: "echoed",
  },
  {
    name: "scope of spaces only",
    change: replacing("scope", "   "),
    error: "invalid_scope",
    state: "echoed",
  },
  { name: "scope sent twice", change: twice("scope"), error: "invalid_request", state: "echoed" },
  {
    name: "resource not ours",
    change: replacing("resource", "https://elsewhere.example/api"),
    error: "invalid_target",
    state: "echoed",
  },
  {
    name: "resource not a URL",
    change: replacing("resource", "%ZZ"),
    error: "invalid_target",
    state: "echoed",
  },
  {
    name: "resource sent twice, both ours",
    change: (parameters) => [...parameters, ["resource", TASKS], ["resource", MCP]],
    error: "invalid_target",
    state: "echoed",
  },
  {
    name: "resource sent twice, the same",
    change: (parameters) => [...parameters, ["resource", TASKS], ["resource", TASKS]],
    error: "invalid_target",
    state: "echoed",
  },
];

/** Each app of a row's request, and a second app whose redirect URI the first did not register. */
async function apps() {
  const client = await registerClient();
  const other = await registerClient({ redirectUris: ["https://other.example/callback"] });
  const config = await discover(served.current, client);
  return { client, other, config };
}

function expectSentBack(
  location: string | undefined,
  row: Extract<Row, { error: unknown }>,
  state: string,
) {
  expect(location, row.name).toBeDefined();
  const url = new URL(location ?? "");
  expect(`${url.origin}${url.pathname}`, row.name).toBe(REDIRECT_URI);
  expect(url.searchParams.get("error"), row.name).toBe(row.error);
  expect(url.searchParams.get("error_description"), row.name).toEqual(expect.any(String));
  expect(url.searchParams.get("state"), row.name).toBe(row.state === "echoed" ? state : null);
  expect(url.searchParams.get("iss"), row.name).toBe(TEST_ORIGIN);
  expect(url.searchParams.has("code"), row.name).toBe(false);
  return url;
}

describe("a refused authorization request", () => {
  for (const row of ROWS) {
    const where = "page" in row ? "our error page" : `the app as ${row.error}`;
    it(`${row.name}: goes to ${where}, from the page and from its POST`, async () => {
      const { other, config } = await apps();
      const { url, verifier } = await authorizationRequest(config);
      const sent = row.change([...url.searchParams], other);
      const [, state = ""] = sent.find(([name]) => name === "state") ?? [];
      const user = await createSignedInUser();

      const page = await authorizePage(new URLSearchParams(sent));
      const posted = await postConsent(served.current, user, new URLSearchParams(sent));

      if ("page" in row) {
        expect(page.redirect, row.name).toBeUndefined();
        expect(page.message, row.name).toMatch(row.page);
        expect(posted.status, row.name).toBe(400);
        expect(posted.headers.get("location"), row.name).toBeNull();
        expect((await posted.json()).error.code).toBe("invalid_authorization_request");
        return;
      }
      expect(page.message, row.name).toBeUndefined();
      const callback = expectSentBack(page.redirect, row, state);
      expect(posted.status, row.name).toBe(303);
      expectSentBack(posted.headers.get("location") ?? undefined, row, state);

      // The app, handed the callback, hears the refusal in its own library's terms.
      const heard = await oidc
        .authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: verifier,
          expectedState: row.state === "echoed" ? state : oidc.skipStateCheck,
        })
        .catch((error: unknown) => error);
      expect(heard, row.name).toBeInstanceOf(oidc.AuthorizationResponseError);
      expect((heard as oidc.AuthorizationResponseError).error, row.name).toBe(row.error);
    });
  }

  it("ignores a parameter that is not the request's, sent twice, and grants as asked", async () => {
    const { config } = await apps();
    const { url, verifier, state } = await authorizationRequest(config);
    const parameters = new URLSearchParams(url.searchParams);
    parameters.append("prompt", "consent");
    parameters.append("prompt", "login");
    const posted = await postConsent(served.current, await createSignedInUser(), parameters);
    expect(posted.status).toBe(303);
    const tokens = await oidc.authorizationCodeGrant(
      config,
      new URL(posted.headers.get("location") ?? ""),
      { pkceCodeVerifier: verifier, expectedState: state },
    );
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it("answers the consent page's own fields sent twice with a 400 of ours, not the app's error", async () => {
    const { config } = await apps();
    const { url } = await authorizationRequest(config);
    const user = await createSignedInUser();
    for (const [field, first, second] of [
      ["decision", "allow", "deny"],
      ["workspace", "personal", "personal"],
    ] as const) {
      const parameters = new URLSearchParams(url.searchParams);
      if (field !== "decision") parameters.set("decision", "allow");
      parameters.append(field, first);
      parameters.append(field, second);
      const posted = await postAsPage(served.current, "/api/oauth/authorize", user, parameters);
      expect(posted.status, field).toBe(400);
      expect(posted.headers.get("location"), field).toBeNull();
      expect((await posted.json()).error.code, field).toBe("invalid_request");
    }
  });
});

describe("a refused device authorization request (RFC 8628 §3.2: the token endpoint's errors)", () => {
  const DEVICE_ROWS: {
    name: string;
    form: (client: RegisteredClient) => [string, string][];
    status: number;
    error: OAuthErrorCode;
  }[] = [
    { name: "no client", form: () => [], status: 401, error: "invalid_client" },
    {
      name: "an unknown client",
      form: () => [["client_id", "tfc_AAAAAAAAAAAAAAAAAAAAAA"]],
      status: 401,
      error: "invalid_client",
    },
    {
      name: "client_id sent twice",
      form: ({ clientId }) => [
        ["client_id", clientId],
        ["client_id", clientId],
      ],
      status: 400,
      error: "invalid_request",
    },
    {
      name: "a scope we do not have",
      form: ({ clientId }) => [
        ["client_id", clientId],
        ["scope", "admin"],
      ],
      status: 400,
      error: "invalid_scope",
    },
    {
      name: "scope sent twice",
      form: ({ clientId }) => [
        ["client_id", clientId],
        ["scope", "tasks:read"],
        ["scope", "tasks:read"],
      ],
      status: 400,
      error: "invalid_request",
    },
    {
      name: "a resource not ours",
      form: ({ clientId }) => [
        ["client_id", clientId],
        ["resource", "https://elsewhere.example/api"],
      ],
      status: 400,
      error: "invalid_target",
    },
    {
      name: "resource sent twice",
      form: ({ clientId }) => [
        ["client_id", clientId],
        ["resource", TASKS],
        ["resource", MCP],
      ],
      status: 400,
      error: "invalid_target",
    },
  ];

  for (const row of DEVICE_ROWS) {
    it(`${row.name}: ${row.status} ${row.error} in the OAuth shape`, async () => {
      const client = await registerClient();
      const response = await fetch(`${served.current.origin}/api/oauth/device_authorization`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-real-ip": uniqueClientIp(),
        },
        body: new URLSearchParams(row.form(client)),
      });
      expect(response.status).toBe(row.status);
      expect(response.headers.get("cache-control")).toContain("no-store");
      expect(await response.json()).toEqual({
        error: row.error,
        error_description: expect.any(String),
      });
    });
  }

  it("refuses two resources from openid-client as invalid_target", async () => {
    const { config } = await apps();
    const parameters = new URLSearchParams({ scope: "tasks:read" });
    parameters.append("resource", TASKS);
    parameters.append("resource", MCP);
    const refused = await oidc
      .initiateDeviceAuthorization(config, parameters)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(oidc.ResponseBodyError);
    expect((refused as oidc.ResponseBodyError).error).toBe("invalid_target");
  });
});

describe("resource sent twice at the token endpoint", () => {
  const twoResources = () => {
    const parameters = new URLSearchParams();
    parameters.append("resource", TASKS);
    parameters.append("resource", MCP);
    return parameters;
  };

  it("is invalid_target for a code, which stays unspent", async () => {
    const config = await discover(served.current, await registerClient());
    const user = await createSignedInUser();
    const { callback, verifier, state } = await consentedCallback(served.current, config, user);
    const checks = { pkceCodeVerifier: verifier, expectedState: state };
    const refused = await oidc
      .authorizationCodeGrant(config, callback, checks, twoResources())
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(oidc.ResponseBodyError);
    expect((refused as oidc.ResponseBodyError).error).toBe("invalid_target");
    const tokens = await oidc.authorizationCodeGrant(config, callback, checks);
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it("is invalid_target for a refresh, which rotates nothing", async () => {
    const client = await registerClient();
    const { config, tokens } = await grantedTokens(served.current, client);
    const refused = await oidc
      .refreshTokenGrant(config, tokens.refresh_token ?? "", twoResources())
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(oidc.ResponseBodyError);
    expect((refused as oidc.ResponseBodyError).error).toBe("invalid_target");
    const rotated = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? "");
    expect(rotated.access_token).toEqual(expect.any(String));
  });
});
