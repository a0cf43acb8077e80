// Each sign-in provider is off until all of its settings are set, and production
// refuses some-but-not-all, naming what is missing.
import { describe, expect, it } from "vitest";
import { callbackUrl, configuredProviders } from "@/lib/auth/sso/providers";
import { parseEnv } from "@/lib/env";
import { problemsOf, production } from "../support/env";

const github = { GITHUB_CLIENT_ID: "gh-client", GITHUB_CLIENT_SECRET: "gh-secret" };
const google = { GOOGLE_CLIENT_ID: "g-client", GOOGLE_CLIENT_SECRET: "g-secret" };
const oidc = {
  OIDC_ISSUER: "https://login.example.com/",
  OIDC_CLIENT_ID: "taskflow",
  OIDC_CLIENT_SECRET: "oidc-secret",
};

describe("sign-in provider settings", () => {
  it("has no provider when none is set (the app as before)", () => {
    expect(configuredProviders(parseEnv(production))).toEqual([]);
  });

  it("turns on each provider whose settings are complete, in button order", () => {
    const env = parseEnv({ ...production, ...oidc, ...github, ...google, OIDC_NAME: "Acme SSO" });
    expect(configuredProviders(env)).toEqual([
      { id: "github", label: "GitHub" },
      { id: "google", label: "Google" },
      { id: "oidc", label: "Acme SSO" },
    ]);
    expect(configuredProviders(parseEnv({ ...production, ...google }))).toEqual([
      { id: "google", label: "Google" },
    ]);
  });

  it("names the generic provider's button 'single sign-on' without OIDC_NAME", () => {
    expect(configuredProviders(parseEnv({ ...production, ...oidc }))).toEqual([
      { id: "oidc", label: "single sign-on" },
    ]);
  });

  it.each([
    ["GITHUB_CLIENT_SECRET", { GITHUB_CLIENT_ID: "gh-client" }],
    ["GITHUB_CLIENT_ID", { GITHUB_CLIENT_SECRET: "gh-secret" }],
    ["GOOGLE_CLIENT_SECRET", { GOOGLE_CLIENT_ID: "g-client" }],
    ["GOOGLE_CLIENT_ID", { GOOGLE_CLIENT_SECRET: "g-secret" }],
    ["OIDC_CLIENT_SECRET", { OIDC_ISSUER: oidc.OIDC_ISSUER, OIDC_CLIENT_ID: "taskflow" }],
    ["OIDC_ISSUER", { OIDC_CLIENT_ID: "taskflow", OIDC_CLIENT_SECRET: "oidc-secret" }],
  ])("refuses production with half a provider, naming %s", (missing, half) => {
    const problems = problemsOf({ ...production, ...half });
    expect(problems).toContain(`${missing} is missing`);
  });

  it("refuses half a provider outside production too", () => {
    const development = { ...production, NODE_ENV: "development", GITHUB_CLIENT_ID: "x" };
    expect(problemsOf(development)).toContain("GITHUB_CLIENT_SECRET is missing");
  });

  it("treats an empty variable as unset (a copied .env.example turns nothing on)", () => {
    const env = parseEnv({ ...production, GITHUB_CLIENT_ID: "", GITHUB_CLIENT_SECRET: "" });
    expect(configuredProviders(env)).toEqual([]);
  });

  it("refuses an http issuer off loopback, in production and elsewhere", () => {
    const plain = { ...oidc, OIDC_ISSUER: "http://login.example.com" };
    expect(problemsOf({ ...production, ...plain })).toContain(
      "OIDC_ISSUER must be an https:// URL",
    );
    expect(problemsOf({ ...production, NODE_ENV: "test", ...plain })).toContain(
      "OIDC_ISSUER must be an https:// URL",
    );
    expect(problemsOf({ ...production, ...oidc, OIDC_ISSUER: "login.example.com" })).toContain(
      "OIDC_ISSUER",
    );
    expect(
      problemsOf({ ...production, ...oidc, OIDC_ISSUER: "https://login.example.com/?tenant=1" }),
    ).toContain("without a query");
  });

  it.each(["http://127.0.0.1:4210", "http://localhost:4210", "http://[::1]:4210"])(
    "allows a plain-http issuer on loopback (%s), the e2e run's own provider",
    (issuer) => {
      expect(parseEnv({ ...production, ...oidc, OIDC_ISSUER: issuer }).OIDC_ISSUER).toBe(issuer);
    },
  );

  it("keeps the issuer as written, less a trailing slash (discovery and `iss` are compared to it)", () => {
    expect(parseEnv({ ...production, ...oidc }).OIDC_ISSUER).toBe("https://login.example.com");
  });

  it("refuses a button name longer than 40 characters", () => {
    expect(problemsOf({ ...production, ...oidc, OIDC_NAME: "x".repeat(41) })).toContain(
      "OIDC_NAME",
    );
  });

  it("gives each provider its callback URL on BETTER_AUTH_URL", () => {
    const env = parseEnv({ ...production, ...github });
    expect(callbackUrl(env, "github")).toBe("https://app.example.com/api/auth/callback/github");
    expect(callbackUrl(env, "oidc")).toBe("https://app.example.com/api/auth/callback/oidc");
  });
});
