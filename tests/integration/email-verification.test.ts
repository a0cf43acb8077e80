import { createHash } from "node:crypto";
import { eq, like } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { recentSecurityActivity } from "@/lib/auth/account/security-events";
import { getDb } from "@/lib/db/client";
import { session, user, verification } from "@/lib/db/schema";
import { readOutbox } from "@/lib/email/outbox";
import { settleAfterResponseWork } from "@/lib/http/after-response";
import { afterResponses } from "../support/after-response";
import { createSignedInUser, setCookies, TEST_PASSWORD } from "../support/auth";
import { captureConsole } from "../support/console";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp, uniqueEmail } from "../support/http";
import { importWithEnv, restoreEnv } from "../support/isolation";
import { activityLabels } from "../support/security-activity";
import { TEST_OUTBOX } from "../support/setup";

// A verification link at every sign-up, single use, stored hashed, valid 24 hours;
// ADMIN_EMAILS only for proven mailboxes; at most 3 reset or verification mails an hour to one
// address, whatever the IPs. Mail is sent after the answer: settleAfterResponseWork waits for it.

/** The app's routes as one server instance sees them, with these variables. */
async function app(env: Record<string, string> = {}) {
  return importWithEnv(async () => {
    const routes = {
      register: (await import("@/app/api/auth/register/route")).POST,
      login: (await import("@/app/api/auth/login/route")).POST,
      forgotPassword: (await import("@/app/api/auth/forgot-password/route")).POST,
      betterAuth: (await import("@/app/api/auth/[...all]/route")).POST,
      verifyEmail: (await import("@/app/api/auth/verify-email/route")).GET,
      confirmEmail: (await import("@/app/api/auth/verify-email/route")).POST,
      me: (await import("@/app/api/auth/me/route")).GET,
      setRole: (await import("@/app/api/admin/users/[id]/route")).PATCH,
      changeEmail: (await import("@/app/api/auth/change-email/route")).POST,
      refresh: (await import("@/app/api/auth/refresh/route")).POST,
    };
    return {
      ...routes,
      signUp: (email: string, headers: Record<string, string> = {}) =>
        routes.register(
          jsonRequest("/api/auth/register", { body: { email, password: TEST_PASSWORD }, headers }),
        ),
      signIn: (email: string) =>
        routes.login(jsonRequest("/api/auth/login", { body: { email, password: TEST_PASSWORD } })),
      resend: (email: string, headers: Record<string, string> = {}) =>
        routes.betterAuth(
          jsonRequest("/api/auth/send-verification-email", { body: { email }, headers }),
        ),
      follow: (link: string, headers: Record<string, string> = {}) =>
        routes.verifyEmail(
          new Request(link, { headers: { "x-real-ip": uniqueClientIp(), ...headers } }),
        ),
      // The page a link opened where nobody is signed in leads to: the account's password.
      confirm: (link: string, password = TEST_PASSWORD) =>
        routes.confirmEmail(
          jsonRequest("/api/auth/verify-email", {
            body: { token: new URL(link).searchParams.get("token"), password },
          }),
        ),
    };
  }, env);
}

afterEach(() => {
  restoreEnv();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const mailTo = async (email: string) =>
  (await readOutbox(TEST_OUTBOX)).filter((message) => message.to === email).reverse();

/** The verification links mailed to `email`, oldest first, once `count` have arrived. */
async function verificationLinks(email: string, count = 1): Promise<string[]> {
  await settleAfterResponseWork();
  const links = (await mailTo(email))
    .map((message) => /https?:\/\/\S+\/api\/auth\/verify-email\?token=\S+/.exec(message.text)?.[0])
    .filter((link): link is string => link !== undefined);
  if (links.length < count) throw new Error(`${links.length} of ${count} links`);
  return links;
}

const storedUser = async (email: string) => {
  const [row] = await getDb().select().from(user).where(eq(user.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row;
};

const cookieOf = (response: Response) => {
  const cookies = setCookies(response);
  return `access_token=${cookies.access_token?.value}; refresh_token=${cookies.refresh_token?.value}`;
};

describe("the verification mail", () => {
  it("is sent at sign-up, ours and Better Auth's, with a link on BETTER_AUTH_URL", async () => {
    const { signUp, betterAuth } = await app();
    const ours = uniqueEmail("ours");
    expect((await signUp(ours)).status).toBe(201);
    const theirs = uniqueEmail("theirs");
    const viaBetterAuth = await betterAuth(
      jsonRequest("/api/auth/sign-up/email", {
        body: { email: theirs, password: TEST_PASSWORD, name: "Theirs" },
      }),
    );
    expect(viaBetterAuth.status).toBe(200);
    for (const email of [ours, theirs]) {
      const [link] = await verificationLinks(email);
      const url = new URL(String(link));
      expect(url.origin).toBe(TEST_ORIGIN);
      expect(url.pathname).toBe("/api/auth/verify-email");
      expect(url.searchParams.get("token")).toMatch(/^[\w-]{43}$/);
      expect((await storedUser(email)).emailVerified).toBe(false);
    }
  });

  it("stores its token only as a SHA-256 hash, valid for 24 hours", async () => {
    const { signUp } = await app();
    const email = uniqueEmail();
    const before = Date.now();
    await signUp(email);
    const token = new URL(String((await verificationLinks(email))[0])).searchParams.get("token");
    const hash = createHash("sha256").update(String(token)).digest("base64url");
    const rows = await getDb()
      .select()
      .from(verification)
      .where(like(verification.identifier, "verify-email:%"));
    expect(JSON.stringify(rows)).not.toContain(String(token));
    const [row] = rows.filter((stored) => stored.identifier === `verify-email:${hash}`);
    expect(row?.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 24 * 3600_000 - 1000);
    expect(row?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
  });

  it("marks the address verified and lands a signed-in browser on the dashboard's confirmation", async () => {
    const { signUp, follow, me } = await app();
    const email = uniqueEmail();
    const signedUp = await signUp(email);
    const [link] = await verificationLinks(email);
    const followed = await follow(String(link), { cookie: cookieOf(signedUp) });
    expect(followed.status).toBe(303);
    expect(followed.headers.get("location")).toBe("/dashboard?verified=1");
    expect(followed.headers.get("referrer-policy")).toBe("no-referrer");
    expect((await storedUser(email)).emailVerified).toBe(true);
    const whoAmI = await me(
      jsonRequest("/api/auth/me", { method: "GET", headers: { cookie: cookieOf(signedUp) } }),
    );
    expect((await whoAmI.json()).user.emailVerified).toBe(true);
    const { id } = await storedUser(email);
    const [activity] = await recentSecurityActivity(id);
    expect(activity?.label).toBe("Email address verified");
  });

  it("asks a browser that is not signed in for the account's password, then says it worked", async () => {
    const { signUp, follow, confirm } = await app();
    const email = uniqueEmail();
    await signUp(email);
    const [link] = await verificationLinks(email);
    const followed = await follow(String(link));
    const page = new URL(String(followed.headers.get("location")), TEST_ORIGIN);
    expect(page.pathname).toBe("/verify-email");
    expect(page.searchParams.get("token")).toBe(new URL(String(link)).searchParams.get("token"));
    expect((await storedUser(email)).emailVerified).toBe(false);

    const wrong = await confirm(String(link), "not the password at all");
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.code).toBe("invalid_password");
    expect((await storedUser(email)).emailVerified).toBe(false);
    expect((await confirm(String(link))).status).toBe(200);
    expect((await storedUser(email)).emailVerified).toBe(true);
  });

  it("does nothing when used a second time", async () => {
    const { signUp, follow, confirm } = await app();
    const email = uniqueEmail();
    await signUp(email);
    const [link] = await verificationLinks(email);
    expect((await confirm(String(link))).status).toBe(200);
    await getDb().update(user).set({ emailVerified: false }).where(eq(user.email, email));
    const again = await follow(String(link));
    expect(again.headers.get("location")).toBe("/verify-email?status=invalid");
    expect((await storedUser(email)).emailVerified).toBe(false);
  });

  it("does nothing after 24 hours", async () => {
    const { signUp, follow } = await app();
    const email = uniqueEmail();
    await signUp(email);
    const [link] = await verificationLinks(email);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 24 * 3600_000 + 60_000);
    const late = await follow(String(link));
    expect(late.headers.get("location")).toBe("/verify-email?status=invalid");
    expect((await storedUser(email)).emailVerified).toBe(false);
  });

  it("does nothing with a token it never issued", async () => {
    const { follow } = await app();
    for (const token of ["", "x".repeat(43), "x".repeat(300)]) {
      const response = await follow(`${TEST_ORIGIN}/api/auth/verify-email?token=${token}`);
      expect(response.headers.get("location")).toBe("/verify-email?status=invalid");
    }
  });

  it("sends a new link on request to an unverified account only, answering every address alike", async () => {
    const { signUp, resend, confirm } = await app();
    const email = uniqueEmail();
    await signUp(email);
    const unknown = await resend(uniqueEmail("nobody"));
    const known = await resend(email);
    expect(unknown.status).toBe(200);
    expect(await known.text()).toBe(await unknown.text());
    const [, fresh] = await verificationLinks(email, 2);
    await confirm(String(fresh));
    expect((await storedUser(email)).emailVerified).toBe(true);

    expect((await resend(email)).status).toBe(200);
    await settleAfterResponseWork();
    expect(await mailTo(email)).toHaveLength(2);
  });

  it("counts a password reset as proof of the mailbox", async () => {
    const { signUp, forgotPassword } = await app();
    const { POST: resetPassword } = await import("@/app/api/auth/reset-password/route");
    const email = uniqueEmail();
    await signUp(email);
    await forgotPassword(jsonRequest("/api/auth/forgot-password", { body: { email } }));
    const reset = await afterResponses(async () => {
      const link = (await mailTo(email)).map(
        (m) => /\S+reset-password\?token=(\S+)/.exec(m.text)?.[1],
      );
      const token = link.find(Boolean);
      if (!token) throw new Error("no reset mail yet");
      return token;
    });
    const done = await resetPassword(
      jsonRequest("/api/auth/reset-password", {
        body: { token: reset, password: "a new passphrase" },
      }),
    );
    expect(done.status).toBe(200);
    expect((await storedUser(email)).emailVerified).toBe(true);
  });

  it("never logs the link or its token", async () => {
    const lines = captureConsole();
    const { signUp, follow } = await app();
    const email = uniqueEmail();
    await signUp(email);
    const [link] = await verificationLinks(email);
    await follow(String(link));
    const token = String(new URL(String(link)).searchParams.get("token"));
    expect(lines.join("\n")).not.toContain(token);
  });
});

describe("ADMIN_EMAILS, for proven mailboxes only", () => {
  it("never promotes whoever registered a listed address: its owner's link does not confirm their password", async () => {
    const listed = uniqueEmail("founder");
    const { signUp, signIn, follow, confirm, forgotPassword, me } = await app({
      ADMIN_EMAILS: listed,
    });
    const squatter = await signUp(listed);
    expect((await squatter.json()).user.role).toBe("user");
    const signedIn = await signIn(listed);
    expect(signedIn.status).toBe(200);
    expect((await storedUser(listed)).role).toBe("user");
    const { access_token } = await signedIn.json();
    const asSquatter = { authorization: `Bearer ${access_token}` };
    expect(
      (await (await me(jsonRequest("/api/auth/me", { method: "GET", headers: asSquatter }))).json())
        .user.role,
    ).toBe("user");

    // The owner opens the link: it wants the password, which is not hers.
    const [link] = await verificationLinks(listed);
    expect((await follow(String(link))).headers.get("location")).toMatch(/^\/verify-email\?token=/);
    expect((await confirm(String(link), "the owner's own password")).status).toBe(400);
    expect((await storedUser(listed)).role).toBe("user");

    // She proves the mailbox with a reset instead: the squatter's sign-in ends, she is admin.
    await forgotPassword(jsonRequest("/api/auth/forgot-password", { body: { email: listed } }));
    const { POST: resetPassword } = await import("@/app/api/auth/reset-password/route");
    const token = await vi.waitFor(async () => {
      const mail = (await mailTo(listed)).find((message) => message.subject.includes("Reset"));
      const found = /reset-password\?token=([\w-]+)/.exec(mail?.text ?? "")?.[1];
      if (!found) throw new Error("no reset mail yet");
      return found;
    });
    const reset = await resetPassword(
      jsonRequest("/api/auth/reset-password", {
        body: { token, password: "the owner's own password" },
      }),
    );
    expect(reset.status).toBe(200);
    expect((await storedUser(listed)).role).toBe("admin");
    const squatterNow = await me(
      jsonRequest("/api/auth/me", { method: "GET", headers: asSquatter }),
    );
    expect(squatterNow.status).toBe(401);
    expect((await signIn(listed)).status).toBe(401);
  });

  it("promotes an account verified before the list named it, at its next sign-in", async () => {
    const email = uniqueEmail("later-admin");
    const before = await app();
    await before.signUp(email);
    await before.confirm(String((await verificationLinks(email))[0]));
    expect((await storedUser(email)).role).toBe("user");
    restoreEnv();

    const after = await app({ ADMIN_EMAILS: email });
    expect((await after.signIn(email)).status).toBe(200);
    expect((await storedUser(email)).role).toBe("admin");
  });

  it("keeps a demoted admin demoted: the list does not promote it again", async () => {
    const listed = uniqueEmail("demoted");
    const { signUp, signIn, confirm, setRole } = await app({ ADMIN_EMAILS: listed });
    await signUp(listed);
    await confirm(String((await verificationLinks(listed))[0]));
    const demoted = await storedUser(listed);
    expect(demoted.role).toBe("admin");

    const otherAdmin = await createSignedInUser({ role: "admin" });
    const response = await setRole(
      jsonRequest(`/api/admin/users/${demoted.id}`, {
        method: "PATCH",
        body: { role: "user" },
        headers: otherAdmin.headers,
      }),
      { params: Promise.resolve({ id: demoted.id }) },
    );
    expect(response.status).toBe(200);
    expect((await signIn(listed)).status).toBe(200);
    expect((await storedUser(listed)).role).toBe("user");
  });
});

describe("no mail bombing", () => {
  it("sends at most 3 reset mails an hour to one address across 6 IPs, answering all alike", async () => {
    const { signUp, forgotPassword } = await app();
    const email = uniqueEmail("bombed");
    await signUp(email);
    await verificationLinks(email);
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await forgotPassword(
        jsonRequest("/api/auth/forgot-password", { body: { email } }),
      );
      expect(response.status).toBe(200);
      answers.push(await response.text());
    }
    expect(new Set(answers).size).toBe(1);
    await settleAfterResponseWork();
    // The sign-up's verification mail was the first of the three.
    const resets = (await mailTo(email)).filter((m) => m.subject.includes("Reset"));
    expect(resets).toHaveLength(2);
  });

  it("sends at most 3 verification mails an hour to one address across 6 IPs", async () => {
    const { signUp, resend } = await app();
    const email = uniqueEmail("bombed");
    await signUp(email);
    await verificationLinks(email);
    const answers = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const response = await resend(email);
      expect(response.status).toBe(200);
      answers.add(await response.text());
    }
    expect(answers.size).toBe(1);
    await settleAfterResponseWork();
    expect(await mailTo(email)).toHaveLength(3);
  });
});

describe("EMAIL_VERIFICATION=required", () => {
  const required = { EMAIL_VERIFICATION: "required" };
  const credentialCookies = (response: Response) =>
    Object.keys(setCookies(response)).filter((name) => /access_token|refresh_token/.test(name));
  const sessionsOf = async (email: string) =>
    getDb()
      .select({ id: session.id })
      .from(session)
      .innerJoin(user, eq(user.id, session.userId))
      .where(eq(user.email, email));

  it("issues no tokens to an unverified account through any sign-up or sign-in endpoint", async () => {
    const { signUp, signIn, login, betterAuth, follow, confirm } = await app(required);
    const email = uniqueEmail("unverified");
    const theirs = uniqueEmail("unverified-ba");

    const signedUp = await signUp(email);
    expect(signedUp.status).toBe(202);
    expect((await signedUp.json()).verificationRequired).toBe(true);
    expect(credentialCookies(signedUp)).toEqual([]);
    const signedUpThere = await betterAuth(
      jsonRequest("/api/auth/sign-up/email", {
        body: { email: theirs, password: TEST_PASSWORD, name: "Theirs" },
      }),
    );
    expect(signedUpThere.status).toBe(200);
    expect(credentialCookies(signedUpThere)).toEqual([]);

    for (const address of [email, theirs]) {
      const attempts = [
        await signIn(address),
        await login(
          new Request(`${TEST_ORIGIN}/api/auth/login`, {
            method: "POST",
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-real-ip": uniqueClientIp(),
            },
            body: new URLSearchParams({
              grant_type: "password",
              username: address,
              password: TEST_PASSWORD,
            }).toString(),
          }),
        ),
        await betterAuth(
          jsonRequest("/api/auth/sign-in/email", {
            body: { email: address, password: TEST_PASSWORD },
          }),
        ),
      ];
      for (const attempt of attempts) {
        expect(attempt.status).toBe(403);
        const body = await attempt.json();
        expect(body.error.code).toBe("email_not_verified");
        expect(body.error.message).toMatch(/verify your email/i);
        expect(body).not.toHaveProperty("access_token");
        expect(credentialCookies(attempt)).toEqual([]);
      }
      expect(await sessionsOf(address)).toEqual([]);
    }

    // The link itself signs nobody in (it asks for the password); afterwards the password does.
    const [link] = await verificationLinks(email);
    const followed = await follow(String(link));
    expect(followed.headers.get("location")).toMatch(/^\/verify-email\?token=/);
    const confirmed = await confirm(String(link));
    expect(confirmed.status).toBe(200);
    for (const answer of [followed, confirmed]) expect(credentialCookies(answer)).toEqual([]);
    expect(await sessionsOf(email)).toEqual([]);
    const afterwards = await signIn(email);
    expect(afterwards.status).toBe(200);
    expect(credentialCookies(afterwards).length).toBe(2);
  });

  it("says a wrong password is wrong, never whether the address is verified", async () => {
    const { signUp, login } = await app(required);
    const email = uniqueEmail("unverified");
    await signUp(email);
    const wrong = await login(
      jsonRequest("/api/auth/login", { body: { email, password: "not the password" } }),
    );
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("invalid_credentials");
  });

  it("answers a sign-up with a taken address like a new one", async () => {
    const { signUp } = await app(required);
    const email = uniqueEmail("taken");
    const first = await signUp(email);
    const second = await signUp(email);
    expect(second.status).toBe(first.status);
    expect(await second.text()).toBe(await first.text());
  });
});

describe("change of email", () => {
  async function signedUpAndVerified(routes: Awaited<ReturnType<typeof app>>) {
    const email = uniqueEmail("changing");
    const signedUp = await routes.signUp(email);
    await routes.follow(String((await verificationLinks(email))[0]), {
      cookie: cookieOf(signedUp),
    });
    const { user: account } = await signedUp.json();
    return { email, id: account.id as string, cookie: cookieOf(signedUp) };
  }
  const change = (
    routes: Awaited<ReturnType<typeof app>>,
    cookie: string,
    body: Record<string, string>,
  ) => routes.changeEmail(jsonRequest("/api/auth/change-email", { body, headers: { cookie } }));

  it("needs the current password, and answers an address that has an account as a free one", async () => {
    const routes = await app();
    const { email, cookie } = await signedUpAndVerified(routes);
    const newEmail = uniqueEmail("new");
    const wrong = await change(routes, cookie, { email: newEmail, password: "not it at all" });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields.password).toEqual(["Incorrect password"]);

    // Which addresses have an account is not the asker's to learn: the owner is told instead.
    const other = await createSignedInUser();
    const taken = await change(routes, cookie, { email: other.email, password: TEST_PASSWORD });
    const free = await change(routes, cookie, {
      email: uniqueEmail("free"),
      password: TEST_PASSWORD,
    });
    expect(taken.status).toBe(202);
    expect(Object.keys(await taken.json())).toEqual(Object.keys(await free.json()));
    const notice = await vi.waitFor(async () => {
      const mail = (await mailTo(other.email)).find((sent) =>
        sent.subject.includes("tried to use"),
      );
      if (!mail) throw new Error("no notice yet");
      return mail;
    });
    expect(notice.text).not.toMatch(/verify-email\?token=/);
    expect((await change(routes, cookie, { email, password: TEST_PASSWORD })).status).toBe(400);
    expect(await mailTo(newEmail)).toEqual([]);
    expect(
      await routes.changeEmail(
        jsonRequest("/api/auth/change-email", {
          body: { email: newEmail, password: TEST_PASSWORD },
        }),
      ),
    ).toHaveProperty("status", 401);
  });

  it("mails the new address a link and the old one a notice, and changes nothing until the link is followed", async () => {
    const routes = await app();
    const { email, id, cookie } = await signedUpAndVerified(routes);
    const elsewhere = await routes.signIn(email);
    const elsewhereRefresh = (await elsewhere.json()).refresh_token as string;
    const newEmail = uniqueEmail("new");
    const asked = await change(routes, cookie, { email: newEmail, password: TEST_PASSWORD });
    expect(asked.status).toBe(202);
    const [link] = await verificationLinks(newEmail);
    await afterResponses(async () => {
      const notice = (await mailTo(email)).find((m) => m.subject.includes("being changed"));
      expect(notice?.text).toContain(newEmail);
    });
    expect((await storedUser(email)).id).toBe(id);

    const followed = await routes.follow(String(link), { cookie });
    expect(followed.headers.get("location")).toBe("/verify-email?status=email_changed");
    const changed = await storedUser(newEmail);
    expect(changed).toMatchObject({ id, emailVerified: true });
    expect(await activityLabels(id)).toEqual(["Email address changed"]);
    // The other session ended; the one that asked goes on.
    const refreshed = await routes.refresh(
      jsonRequest("/api/auth/refresh", { body: { refresh_token: elsewhereRefresh } }),
    );
    expect(refreshed.status).toBe(401);
    const whoAmI = await routes.me(
      jsonRequest("/api/auth/me", { method: "GET", headers: { cookie } }),
    );
    expect((await whoAmI.json()).user.email).toBe(newEmail);
    expect((await routes.signIn(newEmail)).status).toBe(200);
    expect((await routes.signIn(email)).status).toBe(401);
  });

  it("gives the address to the account that asked only with that account's session or password", async () => {
    // Someone asks for their own account to take an address they do not read, here one that
    // ADMIN_EMAILS lists: its owner, who registered nothing, gets the link and opens it.
    const listed = uniqueEmail("founder");
    const routes = await app({ ADMIN_EMAILS: listed });
    const asker = await signedUpAndVerified(routes);
    expect(
      (await change(routes, asker.cookie, { email: listed, password: TEST_PASSWORD })).status,
    ).toBe(202);
    const [link] = await verificationLinks(listed);

    const opened = await routes.follow(String(link));
    expect(opened.headers.get("location")).toMatch(/^\/verify-email\?token=[\w-]+&change=1$/);
    expect((await routes.confirm(String(link), "the owner's own password")).status).toBe(400);
    const elsewhere = await createSignedInUser();
    expect(
      (await routes.follow(String(link), { cookie: elsewhere.cookie })).headers.get("location"),
    ).toMatch(/^\/verify-email\?token=/);
    expect((await storedUser(asker.email)).id).toBe(asker.id);
    expect(await getDb().select().from(user).where(eq(user.email, listed))).toEqual([]);

    // The asker, on a device where they are not signed in, gives the account's password.
    const confirmed = await routes.confirm(String(link));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ ok: true, status: "email_changed" });
    expect(setCookies(confirmed).email_changed_to?.value).toBe(encodeURIComponent(listed));
    expect(await storedUser(listed)).toMatchObject({ id: asker.id, emailVerified: true });
  });

  it("does nothing when the new address was registered by someone else meanwhile", async () => {
    const routes = await app();
    const { email, cookie } = await signedUpAndVerified(routes);
    const newEmail = uniqueEmail("contested");
    await change(routes, cookie, { email: newEmail, password: TEST_PASSWORD });
    const [link] = await verificationLinks(newEmail);
    await routes.signUp(newEmail);
    const followed = await routes.follow(String(link), { cookie });
    expect(followed.headers.get("location")).toBe("/verify-email?status=invalid");
    expect((await storedUser(email)).email).toBe(email);
  });
});
