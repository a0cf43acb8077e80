// Sign-in with an OpenID Connect provider, for real, against the certified
// `oidc-provider` on loopback (tests/support/identity-provider.ts), through the front door.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...all]/route";
import { POST as forgotPassword } from "@/app/api/auth/forgot-password/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as resetPassword } from "@/app/api/auth/reset-password/route";
import { forgetTrustedBrowsers } from "@/lib/auth/account/trusted-browsers";
import { SECOND_FACTOR_STEP } from "@/lib/auth/second-factor/provider-sign-in";
import { signInMethodsOf } from "@/lib/auth/sso/sign-in-methods";
import { getDb } from "@/lib/db/client";
import { account, securityEvent, session, user } from "@/lib/db/schema";
import { readOutbox } from "@/lib/email/outbox";
import { afterResponses } from "../support/after-response";
import { createSignedInUser, setCookies } from "../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueEmail } from "../support/http";
import { freezeClockMidMinute } from "../support/isolation";
import { expectSecurityNotice, mailsTo, waitForMails } from "../support/notices";
import { expectDocumented } from "../support/openapi";
import {
  arriveAtCallback,
  type Browser,
  cookieHeader,
  expectRefused,
  expectSignedIn,
  keep,
  landedAt,
  newBrowser,
  signInThroughProvider as signInThroughIdp,
  startSignIn,
} from "../support/provider-browser";
import { providerForThisFile } from "../support/provider-for-file";
import { betterAuth, CHALLENGE, enableAuthenticator, TRUSTED } from "../support/second-factor";
import { TEST_OUTBOX } from "../support/setup";

const idp = providerForThisFile({ OIDC_NAME: "Acme SSO" });

/** The whole round trip a browser makes: our button, the provider's page, our callback. */
const signInThroughProvider = (browser: Browser, login: string, path?: string) =>
  signInThroughIdp(idp, browser, login, path);

async function userByEmail(email: string) {
  const [row] = await getDb().select().from(user).where(eq(user.email, email));
  return row;
}

async function providersOf(userId: string) {
  const rows = await getDb().select().from(account).where(eq(account.userId, userId));
  return rows.map((row) => row.providerId).sort();
}

async function sessionIdsOf(userId: string) {
  const rows = await getDb()
    .select({ id: session.id })
    .from(session)
    .where(eq(session.userId, userId));
  return rows.map((row) => row.id).sort();
}

async function eventsOf(userId: string, type: string) {
  return getDb()
    .select()
    .from(securityEvent)
    .where(and(eq(securityEvent.userId, userId), eq(securityEvent.type, type)));
}

/** A password account whose owner followed the verification link. */
const verifiedPasswordUser = () => createSignedInUser();

describe("signing up through an OpenID Connect provider", () => {
  it("starts with PKCE and a state bound to the browser, back only to BETTER_AUTH_URL", async () => {
    const browser = newBrowser();
    const started = await startSignIn(browser, { provider: "oidc", callbackURL: "/dashboard" });
    const authorization = new URL(((await started.json()) as { url: string }).url);
    expect(authorization.origin).toBe(idp.issuer);
    expect(authorization.searchParams.get("redirect_uri")).toBe(
      `${TEST_ORIGIN}/api/auth/callback/oidc`,
    );
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("state")).toBeTruthy();
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    expect([...browser.cookies.keys()].some((name) => name.endsWith("better-auth.state"))).toBe(
      true,
    );
  });

  it("ends with our token pair and no Better Auth session cookie, verified as the provider says", async () => {
    const email = uniqueEmail("sso");
    const browser = newBrowser();
    const { response } = await signInThroughProvider(
      browser,
      idp.addUser({ email, emailVerified: true, name: "Ada Provider" }),
    );
    expectSignedIn(response, browser);
    const created = await userByEmail(email);
    expect(created).toMatchObject({ name: "Ada Provider", emailVerified: true });
    expect(await providersOf(created?.id ?? "")).toEqual(["oidc"]);
    expect(await eventsOf(created?.id ?? "", "account_linked")).toHaveLength(1);

    // The access token is ours: the session API knows the user.
    const session = await GET(
      jsonRequest("/api/auth/get-session", {
        method: "GET",
        headers: { cookie: cookieHeader(browser) },
      }),
    );
    expect((await session.json()).user.email).toBe(email);
    // Its first sign-in is the account's creation, not a change to tell anyone about.
    expect(await mailsTo(email, /provider was connected/)).toEqual([]);
  });

  it("signs the same provider identity in to the same account the next time", async () => {
    const email = uniqueEmail("sso-again");
    const login = idp.addUser({ email, emailVerified: true });
    await signInThroughProvider(newBrowser(), login);
    const again = newBrowser();
    const { response } = await signInThroughProvider(again, login);
    expectSignedIn(response, again);
    expect(await getDb().select().from(user).where(eq(user.email, email))).toHaveLength(1);
  });

  it("records the canonical address of a proxy's spelling for the session and the events", async () => {
    const spellings = {
      "203.0.113.9:5678": "203.0.113.9",
      "[2001:db8::1]:443": "2001:db8::1",
      "::ffff:203.0.113.9": "203.0.113.9",
    };
    for (const [ip, shown] of Object.entries(spellings)) {
      const email = uniqueEmail("sso-ip");
      const browser = { ip, cookies: new Map<string, string>() };
      const { response } = await signInThroughProvider(
        browser,
        idp.addUser({ email, emailVerified: true }),
      );
      expectSignedIn(response, browser);
      const created = await userByEmail(email);
      const rows = await getDb()
        .select({ ipAddress: session.ipAddress })
        .from(session)
        .where(eq(session.userId, created?.id ?? ""));
      expect(rows).toEqual([{ ipAddress: shown }]);
      const events = await getDb()
        .select({ ipAddress: securityEvent.ipAddress })
        .from(securityEvent)
        .where(eq(securityEvent.userId, created?.id ?? ""));
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) expect(event.ipAddress).toBe(shown);
    }
  });

  it("creates no account when the provider does not vouch for the address", async () => {
    const email = uniqueEmail("sso-unverified");
    const browser = newBrowser();
    const { response } = await signInThroughProvider(
      browser,
      idp.addUser({ email, emailVerified: false }),
    );
    expectRefused(response, browser, /^email_not_verified_by_provider$/);
    expect(await userByEmail(email)).toBeUndefined();
  });
});

describe("an account with a second factor", () => {
  it("signing in through the provider still asks for the code, then gets the token pair", async () => {
    const owner = await verifiedPasswordUser();
    const { code } = await enableAuthenticator(owner);
    const sessionsBefore = await sessionIdsOf(owner.user.id);
    const browser = newBrowser();
    const { response } = await signInThroughProvider(
      browser,
      idp.addUser({ email: owner.email, emailVerified: true }),
    );

    // The provider proved the first factor only: no token pair, no session, a challenge.
    expect(response.status).toBe(302);
    const step = landedAt(response);
    expect(step.pathname).toBe("/login");
    expect(step.searchParams.get(SECOND_FACTOR_STEP)).toBe("1");
    expect(step.searchParams.get("next")).toBe("/dashboard");
    expect(browser.cookies.has("access_token")).toBe(false);
    expect(browser.cookies.has("refresh_token")).toBe(false);
    expect(response.headers.getSetCookie().join("\n")).not.toMatch(
      /better-auth\.session_token=[^;]/,
    );
    expect(browser.cookies.get(CHALLENGE)).toBeTruthy();
    expect(await sessionIdsOf(owner.user.id)).toEqual(sessionsBefore);

    const wrong = await betterAuth(
      "/two-factor/verify-totp",
      { code: "000000" },
      cookieHeader(browser),
    );
    expect(wrong.status).toBe(401);
    expect(setCookies(wrong).access_token).toBeUndefined();
    const verified = await betterAuth(
      "/two-factor/verify-totp",
      { code: code() },
      cookieHeader(browser),
    );
    expect(verified.status).toBe(200);
    expect(setCookies(verified).access_token?.value).toBeTruthy();
  });

  /** A provider sign-in that stops at the code step, finished with "trust this browser". */
  async function trustedThroughProvider() {
    const owner = await verifiedPasswordUser();
    const { code } = await enableAuthenticator(owner);
    const login = idp.addUser({ email: owner.email, emailVerified: true });
    const browser = newBrowser();
    await signInThroughProvider(browser, login);
    const verified = await betterAuth(
      "/two-factor/verify-totp",
      { code: code(), trustDevice: true },
      cookieHeader(browser),
    );
    expect(verified.status).toBe(200);
    keep(browser, verified);
    expect(browser.cookies.get(TRUSTED)).toBeTruthy();
    for (const name of ["access_token", "refresh_token"]) browser.cookies.delete(name);
    return { owner, login, browser };
  }

  it("a browser trusted at the code step skips the code next time, with its trust renewed", async () => {
    const { login, browser } = await trustedThroughProvider();
    const trustBefore = browser.cookies.get(TRUSTED);
    const { response } = await signInThroughProvider(browser, login);
    expectSignedIn(response, browser);
    expect(browser.cookies.get(TRUSTED)).toBeTruthy();
    expect(browser.cookies.get(TRUSTED)).not.toBe(trustBefore);
  });

  it("trust is bound to its account and ends when its trusted browsers are forgotten", async () => {
    const first = await trustedThroughProvider();
    const second = await trustedThroughProvider();
    // The first account's trust cookie in the second account's sign-in: the code is asked.
    second.browser.cookies.set(TRUSTED, first.browser.cookies.get(TRUSTED) ?? "");
    const borrowed = await signInThroughProvider(second.browser, second.login);
    expect(landedAt(borrowed.response).searchParams.get(SECOND_FACTOR_STEP)).toBe("1");
    expect(second.browser.cookies.has("access_token")).toBe(false);

    await forgetTrustedBrowsers(first.owner.user.id);
    const revoked = await signInThroughProvider(first.browser, first.login);
    expect(landedAt(revoked.response).searchParams.get(SECOND_FACTOR_STEP)).toBe("1");
    expect(first.browser.cookies.has("access_token")).toBe(false);
  });
});

describe("linking a provider identity to an existing account", () => {
  it("links a verified matching email to the verified account that has it", async () => {
    const owner = await verifiedPasswordUser();
    const browser = newBrowser();
    const { response } = await signInThroughProvider(
      browser,
      idp.addUser({ email: owner.email, emailVerified: true }),
    );
    expectSignedIn(response, browser);
    expect(await providersOf(owner.user.id)).toEqual(["credential", "oidc"]);
    expect(await eventsOf(owner.user.id, "account_linked")).toHaveLength(1);
    expectSecurityNotice((await waitForMails(owner.email, /provider was connected/))[0]);
  });

  it("does not link when the provider says the email is unverified", async () => {
    const owner = await verifiedPasswordUser();
    const browser = newBrowser();
    const { response } = await signInThroughProvider(
      browser,
      idp.addUser({ email: owner.email, emailVerified: false }),
    );
    expectRefused(response, browser, /^account_not_linked$/);
    expect(await providersOf(owner.user.id)).toEqual(["credential"]);
  });

  it("does not link to an account whose own address was never verified", async () => {
    // Someone registered this address with a password of their own: the mailbox's owner signing
    // in with the provider must not receive that account.
    const squatted = await createSignedInUser({ verified: false });
    const browser = newBrowser();
    const { response } = await signInThroughProvider(
      browser,
      idp.addUser({ email: squatted.email, emailVerified: true }),
    );
    expectRefused(response, browser, /^account_not_linked$/);
    expect(await providersOf(squatted.user.id)).toEqual(["credential"]);
  });

  it("links from settings when the signed-in account's email matches", async () => {
    const owner = await createSignedInUser();
    const browser = newBrowser();
    browser.cookies.set("access_token", owner.accessToken);
    const started = await startSignIn(
      browser,
      { provider: "oidc", callbackURL: "/settings", errorCallbackURL: "/settings" },
      "/link-social",
    );
    expect(started.status).toBe(200);
    const { url } = (await started.json()) as { url: string };
    const callbackUrl = await idp.signIn(
      url,
      idp.addUser({ email: owner.email, emailVerified: true }),
    );
    const response = await arriveAtCallback(browser, callbackUrl);
    expect(response.status).toBe(302);
    expect(landedAt(response).pathname).toBe("/settings");
    expect(await providersOf(owner.user.id)).toEqual(["credential", "oidc"]);
  });

  it("refuses to link from settings an identity with another email", async () => {
    const owner = await createSignedInUser();
    const browser = newBrowser();
    browser.cookies.set("access_token", owner.accessToken);
    const started = await startSignIn(
      browser,
      { provider: "oidc", callbackURL: "/settings", errorCallbackURL: "/settings" },
      "/link-social",
    );
    const { url } = (await started.json()) as { url: string };
    const callbackUrl = await idp.signIn(
      url,
      idp.addUser({ email: uniqueEmail("someone-else"), emailVerified: true }),
    );
    const response = await arriveAtCallback(browser, callbackUrl);
    expect(landedAt(response).pathname).toBe("/settings");
    expect(landedAt(response).searchParams.get("error")).toBeTruthy();
    expect(await providersOf(owner.user.id)).toEqual(["credential"]);
  });

  it("needs a signed-in caller to link", async () => {
    const response = await startSignIn(newBrowser(), { provider: "oidc" }, "/link-social");
    expect(response.status).toBe(401);
  });
});

describe("a callback that is not this browser's", () => {
  it("refuses a tampered state", async () => {
    const browser = newBrowser();
    const started = await startSignIn(browser, { provider: "oidc", callbackURL: "/dashboard" });
    const { url } = (await started.json()) as { url: string };
    const callbackUrl = new URL(
      await idp.signIn(url, idp.addUser({ email: uniqueEmail("tamper"), emailVerified: true })),
    );
    const state = callbackUrl.searchParams.get("state") ?? "";
    callbackUrl.searchParams.set(
      "state",
      `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`,
    );
    expectRefused(await arriveAtCallback(browser, callbackUrl.toString()), browser, /state/);
  });

  it("refuses a replayed callback", async () => {
    const browser = newBrowser();
    const login = idp.addUser({ email: uniqueEmail("replay"), emailVerified: true });
    const { callbackUrl, response } = await signInThroughProvider(browser, login);
    expectSignedIn(response, browser);
    const replayer = newBrowser();
    replayer.cookies = new Map(
      [...browser.cookies].filter(
        ([name]) => !name.startsWith("access") && !name.startsWith("refresh"),
      ),
    );
    const replayed = await arriveAtCallback(replayer, callbackUrl);
    expectRefused(replayed, replayer, /.+/);
  });

  it("refuses a callback that arrives without the browser's state cookie (another origin)", async () => {
    const browser = newBrowser();
    const started = await startSignIn(browser, { provider: "oidc", callbackURL: "/dashboard" });
    const { url } = (await started.json()) as { url: string };
    const callbackUrl = await idp.signIn(
      url,
      idp.addUser({ email: uniqueEmail("elsewhere"), emailVerified: true }),
    );
    const stranger = newBrowser();
    expectRefused(await arriveAtCallback(stranger, callbackUrl), stranger, /state/);
  });

  it("refuses to start a flow that would return to a foreign origin", async () => {
    for (const field of ["callbackURL", "errorCallbackURL", "newUserCallbackURL"]) {
      for (const foreign of [
        "https://attacker.example/collect",
        "//attacker.example",
        "/\\attacker.example",
      ]) {
        const response = await startSignIn(newBrowser(), { provider: "oidc", [field]: foreign });
        expect(response.status, `${field}: ${foreign}`).toBe(400);
        expect((await response.json()).error.fields[field]).toBeDefined();
      }
    }
  });

  it("refuses a body that would sign in with a token minted elsewhere", async () => {
    const response = await startSignIn(newBrowser(), {
      provider: "oidc",
      idToken: { token: "eyJ.fake.token" },
    });
    expect(response.status).toBe(400);
  });
});

describe("unlinking", () => {
  async function accountsOf(accessToken: string) {
    const response = await GET(
      jsonRequest("/api/auth/list-accounts", {
        method: "GET",
        headers: { authorization: `Bearer ${accessToken}` },
      }),
    );
    expect(response.status).toBe(200);
    await expectDocumented("get", "/api/auth/list-accounts", response);
    return (await response.json()) as { id: string; providerId: string }[];
  }

  async function unlink(accessToken: string, accountId: string) {
    const response = await POST(
      jsonRequest("/api/auth/unlink-account", {
        body: { accountId },
        headers: { authorization: `Bearer ${accessToken}` },
      }),
    );
    await expectDocumented("post", "/api/auth/unlink-account", response);
    return response;
  }

  it("cannot remove the last way to sign in", async () => {
    const browser = newBrowser();
    await signInThroughProvider(
      browser,
      idp.addUser({ email: uniqueEmail("only-sso"), emailVerified: true }),
    );
    const accessToken = browser.cookies.get("access_token") ?? "";
    const [only] = await accountsOf(accessToken);
    expect(only?.providerId).toBe("oidc");
    const response = await unlink(accessToken, only?.id ?? "");
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("FAILED_TO_UNLINK_LAST_ACCOUNT");
  });

  it("removes a provider when a password remains, and records it; never the password", async () => {
    const owner = await verifiedPasswordUser();
    await signInThroughProvider(
      newBrowser(),
      idp.addUser({ email: owner.email, emailVerified: true }),
    );
    const accounts = await accountsOf(owner.accessToken);
    const password = accounts.find((row) => row.providerId === "credential");
    const provider = accounts.find((row) => row.providerId === "oidc");

    const refused = await unlink(owner.accessToken, password?.id ?? "");
    expect(refused.status).toBe(400);
    expect((await refused.json()).code).toBe("PASSWORD_NOT_UNLINKABLE");

    expect((await unlink(owner.accessToken, provider?.id ?? "")).status).toBe(200);
    expect(await providersOf(owner.user.id)).toEqual(["credential"]);
    expect(await eventsOf(owner.user.id, "account_unlinked")).toHaveLength(1);
    expectSecurityNotice((await waitForMails(owner.email, /provider was disconnected/))[0]);
  });

  it("needs a signed-in caller", async () => {
    const response = await POST(
      jsonRequest("/api/auth/unlink-account", { body: { accountId: "x" } }),
    );
    expect(response.status).toBe(401);
  });
});

describe("a password for an account the provider created", () => {
  it("is set later through the reset link, after which both ways sign in", async () => {
    const email = uniqueEmail("sso-password");
    const providerLogin = idp.addUser({ email, emailVerified: true });
    await signInThroughProvider(newBrowser(), providerLogin);
    const created = await userByEmail(email);
    expect(await signInMethodsOf(created?.id ?? "")).toMatchObject({ hasPassword: false });

    const asked = await forgotPassword(
      jsonRequest("/api/auth/forgot-password", { body: { email } }),
    );
    expect(asked.status).toBe(200);
    const link = await afterResponses(async () => {
      const [message] = (await readOutbox(TEST_OUTBOX)).filter(
        (sent) => sent.to === email && sent.subject.includes("Reset"),
      );
      if (!message) throw new Error("no reset mail yet");
      return new URL(/https?:\/\/\S+/.exec(message.text)?.[0] ?? "");
    });
    const password = "a passphrase of my own";
    const set = await resetPassword(
      jsonRequest("/api/auth/reset-password", {
        body: { token: link.searchParams.get("token"), password },
      }),
    );
    expect(set.status).toBe(200);
    expect(await signInMethodsOf(created?.id ?? "")).toMatchObject({ hasPassword: true });
    const signedIn = await login(jsonRequest("/api/auth/login", { body: { email, password } }));
    expect(signedIn.status).toBe(200);
    const again = newBrowser();
    expectSignedIn((await signInThroughProvider(again, providerLogin)).response, again);
  });
});

describe("rate limits on provider sign-in", () => {
  it("counts starts and callbacks against the client's sign-in limit (login-ip)", async () => {
    freezeClockMidMinute();
    const browser = newBrowser();
    for (let attempt = 0; attempt < 19; attempt++) {
      expect((await startSignIn(browser, { provider: "oidc" })).status).toBe(200);
    }
    const callback = await arriveAtCallback(
      browser,
      `${TEST_ORIGIN}/api/auth/callback/oidc?code=x&state=y`,
    );
    expect(callback.status).toBe(302);
    const limited = await startSignIn(browser, { provider: "oidc" });
    expect(limited.status).toBe(429);
    const limitedCallback = await arriveAtCallback(
      browser,
      `${TEST_ORIGIN}/api/auth/callback/oidc?code=x&state=y`,
    );
    expect(limitedCallback.status).toBe(429);
  });
});
