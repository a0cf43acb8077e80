import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { securityEvent, user } from "@/lib/db/schema";
import { TEST_PASSWORD } from "../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueEmail } from "../support/http";
import { freezeClockMidMinute, restoreEnv } from "../support/isolation";
import {
  type App,
  accountOf,
  appUnder,
  mailbox,
  type Policy,
  rowCounts,
  signInMethods,
  tokenCookie,
} from "../support/ownership";
import { providerForThisFile } from "../support/provider-for-file";

// Account pre-hijacking (Sudhodanan & Paverd, USENIX Security 2022): someone who does not own an
// address registers it first, attaches something of theirs, and keeps access once the owner
// proves the mailbox. Each of the five attacks, as the attacker's steps then the owner's, under
// both verification policies, against the real handlers and a real OpenID Connect provider.

const ATTACKER_PASSWORD = "the attacker's own passphrase";
const OWNER_PASSWORD = "the owner's chosen passphrase";

const idp = providerForThisFile();
afterEach(() => restoreEnv());

/** The attacker registers the victim's address with a password of their own. */
async function attackerRegisters(app: App, email: string) {
  const registered = await app.register(email, ATTACKER_PASSWORD);
  expect(registered.status).toBe(app.policy === "optional" ? 201 : 202);
  return { cookie: tokenCookie(registered), refreshToken: refreshOf(registered) };
}

const refreshOf = (response: Response) =>
  /refresh_token=([^;]+)/.exec(response.headers.getSetCookie().join("\n"))?.[1] ?? "";

/** The attacker's password no longer opens the account, under either policy. */
async function expectAttackerLockedOut(app: App, email: string) {
  expect((await app.signIn(email, ATTACKER_PASSWORD)).status).toBe(401);
}

async function expectOwnerSignsIn(app: App, email: string) {
  const signedIn = await app.signIn(email, OWNER_PASSWORD);
  expect(signedIn.status).toBe(200);
  return signedIn;
}

describe.each<Policy>(["optional", "required"])("EMAIL_VERIFICATION=%s", (policy) => {
  it("non-verifying identity provider: an unverified claim creates no account and links nothing", async () => {
    const app = await appUnder(policy);
    const email = uniqueEmail("idp-victim");
    const claim = idp.addUser({ email, emailVerified: false });

    // Attacker: signs in through a provider that does not vouch for the address.
    const before = await rowCounts();
    const browser = app.providers.newBrowser();
    const { response } = await app.providers.signInThroughProvider(idp, browser, claim);
    app.providers.expectRefused(response, browser, /^email_not_verified_by_provider$/);
    expect(await rowCounts()).toEqual(before);
    expect(await accountOf(email)).toBeUndefined();

    // Owner: registers, proves the mailbox with a reset, and signs in.
    expect((await app.register(email, OWNER_PASSWORD)).status).toBe(
      policy === "optional" ? 201 : 202,
    );
    expect((await app.resetWithMailbox(email, OWNER_PASSWORD)).status).toBe(200);
    await expectOwnerSignsIn(app, email);

    // Attacker again: the same unverified claim still links nothing.
    const again = app.providers.newBrowser();
    const retried = await app.providers.signInThroughProvider(idp, again, claim);
    app.providers.expectRefused(retried.response, again, /^account_not_linked$/);
    const owner = await accountOf(email);
    expect(await signInMethods(String(owner?.id))).toEqual(["credential"]);
  });

  it("classic-federated merge: the owner's provider sign-in never joins the attacker's account", async () => {
    const app = await appUnder(policy);
    const email = uniqueEmail("merge-victim");

    // Attacker: registers the address with a password of theirs.
    await attackerRegisters(app, email);

    // Owner: signs in with her provider, which vouches for the address: not joined, and not a
    // proof of the mailbox either (the account stays unverified, the attacker's password too).
    const ownerIdentity = idp.addUser({ email, emailVerified: true });
    const browser = app.providers.newBrowser();
    const first = await app.providers.signInThroughProvider(idp, browser, ownerIdentity);
    app.providers.expectRefused(first.response, browser, /^account_not_linked$/);
    const squatted = await accountOf(email);
    expect(squatted?.emailVerified).toBe(false);
    expect(await signInMethods(String(squatted?.id))).toEqual(["credential"]);
    if (policy === "optional")
      expect((await app.signIn(email, ATTACKER_PASSWORD)).status).toBe(200);

    // She proves the mailbox with a reset; then the provider joins her account.
    expect((await app.resetWithMailbox(email, OWNER_PASSWORD)).status).toBe(200);
    const second = app.providers.newBrowser();
    const joined = await app.providers.signInThroughProvider(idp, second, ownerIdentity);
    app.providers.expectSignedIn(joined.response, second);
    expect(await signInMethods(String(squatted?.id))).toEqual(["credential", "oidc"]);
    await expectAttackerLockedOut(app, email);
  });

  it("unexpired session: the attacker's sign-in ends when the owner proves the mailbox", async () => {
    const app = await appUnder(policy);
    const email = uniqueEmail("session-victim");

    // Attacker: registers and stays signed in (an optional policy signs a sign-up in).
    const attacker = await attackerRegisters(app, email);
    if (policy === "optional") {
      expect((await app.me(attacker.cookie)).status).toBe(200);
    } else {
      expect(attacker.refreshToken).toBe("");
      expect((await app.signIn(email, ATTACKER_PASSWORD)).status).toBe(403);
    }

    // Owner: resets through her mailbox.
    expect((await app.resetWithMailbox(email, OWNER_PASSWORD)).status).toBe(200);
    await expectOwnerSignsIn(app, email);

    // The attacker's access token and refresh token are dead, and so is the password.
    if (policy === "optional") {
      expect((await app.me(attacker.cookie)).status).toBe(401);
      expect((await app.refresh(attacker.refreshToken)).status).toBe(401);
    }
    await expectAttackerLockedOut(app, email);
  });

  it("trojan identifier: an unverified account can attach no passkey, authenticator app or provider", async () => {
    const app = await appUnder(policy);
    const email = uniqueEmail("trojan-victim");

    // Attacker: registers, then tries to attach a credential that would outlive a reset.
    const attacker = await attackerRegisters(app, email);
    const cookie = attacker.cookie;
    const passkeyOptions = await app.passkeys.passkeyGet("/generate-register-options", { cookie });
    const authenticator = await app.betterAuthPost(
      "/two-factor/enable",
      { password: ATTACKER_PASSWORD },
      cookie,
    );
    const link = await app.betterAuthPost("/link-social", { provider: "oidc" }, cookie);
    const refusedWith = policy === "optional" ? 403 : 401; // required: no session at all
    for (const attempt of [passkeyOptions, authenticator, link]) {
      expect(attempt.status).toBe(refusedWith);
      if (policy === "optional") {
        expect((await attempt.json()).error.code).toBe("address_not_proven");
      }
    }

    // Owner: resets and signs in; the account holds her password only.
    expect((await app.resetWithMailbox(email, OWNER_PASSWORD)).status).toBe(200);
    await expectOwnerSignsIn(app, email);
    const owner = await accountOf(email);
    expect(owner?.twoFactorEnabled).toBe(false);
    expect(await signInMethods(String(owner?.id))).toEqual(["credential"]);
  });

  it("trojan identifier held from before the rule: the owner's reset removes each one and says so", async () => {
    const email = uniqueEmail("legacy-victim");
    // An account holding a passkey, an authenticator app and a provider link although its address
    // was never proven: attached while the address counted as proven, then unproven again, as
    // an account from before durable credentials needed a proven address.
    const optional = await appUnder("optional");
    // The support's authenticator set-up types TEST_PASSWORD: here it is the attacker's.
    const registered = await optional.register(email, TEST_PASSWORD);
    const id = String((await accountOf(email))?.id);
    await getDb().update(user).set({ emailVerified: true }).where(eq(user.id, id));
    const attacker = { cookie: tokenCookie(registered) };
    const passkey = optional.passkeys.newAuthenticator();
    expect((await optional.passkeys.addPasskey(attacker, passkey)).status).toBe(200);
    const totp = await optional.secondFactor.enableAuthenticator(attacker);
    const browser = optional.providers.newBrowser();
    browser.cookies.set("access_token", /access_token=([^;]+)/.exec(totp.cookie)?.[1] ?? "");
    const started = await optional.providers.startSignIn(
      browser,
      { provider: "oidc", callbackURL: "/settings", errorCallbackURL: "/settings" },
      "/link-social",
    );
    const { url } = (await started.json()) as { url: string };
    const attackerIdentity = idp.addUser({ email, emailVerified: true });
    await optional.providers.arriveAtCallback(browser, await idp.signIn(url, attackerIdentity));
    expect(await signInMethods(id)).toEqual(["credential", "oidc"]);
    await getDb().update(user).set({ emailVerified: false }).where(eq(user.id, id));
    restoreEnv();

    // Owner: resets through her mailbox (under the policy of this run).
    const owned = await appUnder(policy);
    expect((await owned.resetWithMailbox(email, OWNER_PASSWORD)).status).toBe(200);

    // Her password alone signs in (no code asked); the passkey and the provider do not.
    const signedIn = await owned.signIn(email, OWNER_PASSWORD);
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toHaveProperty("access_token");
    const { answer } = await owned.passkeys.signInWithPasskey(passkey);
    expect(answer.status).toBe(401);
    expect(await signInMethods(id)).toEqual(["credential"]);
    const events = await getDb()
      .select({ type: securityEvent.type })
      .from(securityEvent)
      .where(eq(securityEvent.userId, id));
    // The reset itself ends every session (its own `password_reset` event says so).
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        "password_reset",
        "unproven_passkeys_removed",
        "unproven_authenticator_removed",
        "unproven_providers_removed",
      ]),
    );
  });

  it("unexpired email change: a change asked before the owner's proof never completes", async () => {
    const app = await appUnder(policy);
    const email = uniqueEmail("change-victim");
    const attackerMailbox = uniqueEmail("attacker");

    // Attacker: registers the victim's address and asks to move it to a mailbox of theirs.
    const attacker = await attackerRegisters(app, email);
    const asked = await app.changeEmail(attacker.cookie, attackerMailbox, ATTACKER_PASSWORD);
    expect(asked.status).toBe(policy === "optional" ? 202 : 401);

    // Owner: resets through her mailbox.
    expect((await app.resetWithMailbox(email, OWNER_PASSWORD)).status).toBe(200);

    // Attacker: follows the change link in their own mailbox: it no longer works.
    if (policy === "optional") {
      const followed = await app.followNewestLink(attackerMailbox);
      expect(followed.headers.get("location")).toBe("/verify-email?status=invalid");
    }
    expect((await accountOf(email))?.emailVerified).toBe(true);
    expect(await accountOf(attackerMailbox)).toBeUndefined();
    await expectOwnerSignsIn(app, email);
  });

  it("unexpired email change: a change to an address its owner then registers does nothing", async () => {
    const app = await appUnder(policy);
    const email = uniqueEmail("change-target");

    // Attacker: a proven account of their own asks to move to the victim's address.
    const attackerEmail = uniqueEmail("attacker-own");
    const own = await app.register(attackerEmail, ATTACKER_PASSWORD);
    if (policy === "optional") await app.followNewestLink(attackerEmail, tokenCookie(own));
    else await app.confirmNewestLink(attackerEmail, ATTACKER_PASSWORD);
    const attacker = tokenCookie(await app.signIn(attackerEmail, ATTACKER_PASSWORD));
    expect((await app.changeEmail(attacker, email, ATTACKER_PASSWORD)).status).toBe(202);

    // Owner: registers her address and confirms it with her password.
    await app.register(email, OWNER_PASSWORD);
    // Her mailbox holds the attacker's change link, then her sign-up's link.
    const confirmed = await app.confirmNewestLink(email, OWNER_PASSWORD, 2);
    expect(confirmed.status).toBe(200);

    // The attacker's change link, followed from her mailbox by mistake, changes nothing: it asks
    // for the attacker's password, and her own is not it.
    const changeMail = (await mailbox(email)).find((mail) => /new .* address/.test(mail.subject));
    const token = /verify-email\?token=([\w-]+)/.exec(changeMail?.text ?? "")?.[1];
    expect(token).toBeTruthy();
    const verifyEmail = await import("@/app/api/auth/verify-email/route");
    const followed = await verifyEmail.GET(
      new Request(`${TEST_ORIGIN}/api/auth/verify-email?token=${token}`),
    );
    expect(followed.headers.get("location")).toMatch(/^\/verify-email\?token=[\w-]+&change=1$/);
    const mistaken = await verifyEmail.POST(
      jsonRequest("/api/auth/verify-email", { body: { token, password: OWNER_PASSWORD } }),
    );
    expect(mistaken.status).toBe(400);
    expect((await accountOf(attackerEmail))?.email).toBe(attackerEmail);
    await expectOwnerSignsIn(app, email);
  });

  it("ADMIN_EMAILS: the owner's link never confirms the attacker's password; her reset makes her admin", async () => {
    const listed = uniqueEmail("listed-admin");
    const app = await appUnder(policy, { ADMIN_EMAILS: listed });

    // Attacker: registers the listed address.
    await attackerRegisters(app, listed);

    // Owner: registers too. Optional: told it is taken. Required: the same answer as a new
    // address, and a new link in her mailbox, which asks for the account's password.
    const hers = await app.register(listed, OWNER_PASSWORD);
    expect(hers.status).toBe(policy === "optional" ? 409 : 202);
    const followed = await app.followNewestLink(listed);
    expect(followed.headers.get("location")).toMatch(/^\/verify-email\?token=/);
    const confirmed = await app.confirmNewestLink(listed, OWNER_PASSWORD);
    expect(confirmed.status).toBe(400);
    expect((await confirmed.json()).error.code).toBe("invalid_password");
    expect(await accountOf(listed)).toMatchObject({ role: "user", emailVerified: false });

    // She resets: verified, admin, and the attacker's password is gone.
    expect((await app.resetWithMailbox(listed, OWNER_PASSWORD)).status).toBe(200);
    expect(await accountOf(listed)).toMatchObject({ role: "admin", emailVerified: true });
    await expectAttackerLockedOut(app, listed);
    await expectOwnerSignsIn(app, listed);
  });
});

describe("device cookies from before the proof", () => {
  afterEach(() => vi.useRealTimers());

  it("count for nothing once the owner resets: the attacker's browsers are strangers again", async () => {
    freezeClockMidMinute();
    const app = await appUnder("optional");
    const email = uniqueEmail("device-victim");
    await attackerRegisters(app, email);
    // Each sign-in of the attacker's leaves a device cookie: a bucket of guesses of its own.
    const devices: string[] = [];
    for (let browser = 0; browser < 2; browser++) {
      const signedIn = await app.signIn(email, ATTACKER_PASSWORD);
      const device = signedIn.headers.getSetCookie().find((c) => c.startsWith("device_token="));
      devices.push(String(device?.split(";")[0]));
    }

    expect((await app.resetWithMailbox(email, OWNER_PASSWORD)).status).toBe(200);
    // Her reset emptied the account's counter; the attacker's guesses now all count in it.
    const answers = [];
    for (const cookie of devices) {
      for (let guess = 0; guess < 3; guess++) {
        answers.push((await app.signInWith(email, `guess ${guess}`, cookie)).status);
      }
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe("proof by a verification link", () => {
  it("confirms only the password of whoever follows it: a stranger's is never confirmed", async () => {
    const app = await appUnder("required");
    const email = uniqueEmail("link-victim");
    await attackerRegisters(app, email);

    // The owner opens the sign-up link the attacker caused: it asks for a password she lacks.
    const followed = await app.followNewestLink(email);
    expect(followed.headers.get("location")).toMatch(/^\/verify-email\?token=/);
    expect((await app.confirmNewestLink(email, OWNER_PASSWORD)).status).toBe(400);
    expect((await accountOf(email))?.emailVerified).toBe(false);
    expect((await app.signIn(email, ATTACKER_PASSWORD)).status).toBe(403);
  });

  it("keeps the session of the browser that followed it, signed in to the account", async () => {
    const app = await appUnder("optional");
    const email = uniqueEmail("link-owner");
    const registered = await app.register(email, OWNER_PASSWORD);
    const elsewhere = await app.signIn(email, OWNER_PASSWORD);
    const followed = await app.followNewestLink(email, tokenCookie(registered));
    expect(followed.headers.get("location")).toBe("/dashboard?verified=1");
    expect((await app.me(tokenCookie(registered))).status).toBe(200);
    // Any other sign-in from before the proof ends: it could have been anyone's.
    expect((await app.me(tokenCookie(elsewhere))).status).toBe(401);
    const events = await getDb()
      .select()
      .from(securityEvent)
      .where(
        and(
          eq(securityEvent.userId, String((await accountOf(email))?.id)),
          eq(securityEvent.type, "unproven_sessions_ended"),
        ),
      );
    expect(events).toHaveLength(1);
  });
});
