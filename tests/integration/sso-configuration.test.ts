// GitHub and Google are configured like the OpenID Connect provider (sso.test.ts runs
// that one end to end); their own servers are not reachable from here, so these tests stop at
// the authorization URL each start answers: which providers exist is the environment's choice.
import { afterEach, describe, expect, it } from "vitest";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp } from "../support/http";
import { importWithEnv, restoreEnv } from "../support/isolation";

const GITHUB = { GITHUB_CLIENT_ID: "gh-client-id", GITHUB_CLIENT_SECRET: "gh-client-secret" };
const GOOGLE = { GOOGLE_CLIENT_ID: "g-client-id", GOOGLE_CLIENT_SECRET: "g-client-secret" };

afterEach(restoreEnv);

async function appWith(env: Record<string, string | undefined>) {
  return importWithEnv(() => import("@/app/api/auth/[...all]/route"), env);
}

async function start(app: Awaited<ReturnType<typeof appWith>>, provider: string) {
  return app.POST(
    jsonRequest("/api/auth/sign-in/social", {
      body: { provider, callbackURL: "/dashboard", errorCallbackURL: "/login" },
      headers: { "x-real-ip": uniqueClientIp() },
    }),
  );
}

async function authorizationUrl(response: Response): Promise<URL> {
  expect(response.status).toBe(200);
  return new URL(((await response.json()) as { url: string }).url);
}

describe("providers by environment", () => {
  it("offers GitHub when its settings are set: its authorize page, our callback, a state", async () => {
    const app = await appWith(GITHUB);
    const url = await authorizationUrl(await start(app, "github"));
    expect(`${url.origin}${url.pathname}`).toBe("https://github.com/login/oauth/authorize");
    expect(url.searchParams.get("client_id")).toBe(GITHUB.GITHUB_CLIENT_ID);
    expect(url.searchParams.get("redirect_uri")).toBe(`${TEST_ORIGIN}/api/auth/callback/github`);
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("scope")).toContain("user:email");
    expect(url.toString()).not.toContain(GITHUB.GITHUB_CLIENT_SECRET);
  });

  it("offers Google when its settings are set, with PKCE", async () => {
    const app = await appWith(GOOGLE);
    const url = await authorizationUrl(await start(app, "google"));
    expect(url.origin).toBe("https://accounts.google.com");
    expect(url.searchParams.get("client_id")).toBe(GOOGLE.GOOGLE_CLIENT_ID);
    expect(url.searchParams.get("redirect_uri")).toBe(`${TEST_ORIGIN}/api/auth/callback/google`);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.toString()).not.toContain(GOOGLE.GOOGLE_CLIENT_SECRET);
  });

  it("builds the callback from BETTER_AUTH_URL, whatever host the request came to", async () => {
    const app = await appWith({ ...GITHUB, BETTER_AUTH_URL: "https://tasks.example.com" });
    const response = await app.POST(
      new Request("http://evil.example/api/auth/sign-in/social", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "https://tasks.example.com",
          "x-real-ip": uniqueClientIp(),
        },
        body: JSON.stringify({ provider: "github" }),
      }),
    );
    const url = await authorizationUrl(response);
    expect(url.searchParams.get("redirect_uri")).toBe(
      "https://tasks.example.com/api/auth/callback/github",
    );
  });

  it("refuses a provider whose settings are not set", async () => {
    const app = await appWith({ ...GITHUB });
    for (const provider of ["google", "oidc", "apple"]) {
      const response = await start(app, provider);
      expect(response.status, provider).toBe(404);
      expect((await response.json()).code, provider).toBe("PROVIDER_NOT_FOUND");
    }
  });

  it("offers none without settings: every start is refused, the app works as before", async () => {
    const app = await appWith({});
    for (const provider of ["github", "google", "oidc"]) {
      expect((await start(app, provider)).status, provider).toBe(404);
    }
  });
});
