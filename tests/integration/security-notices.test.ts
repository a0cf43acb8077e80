import { describe, expect, it, vi } from "vitest";
import { POST as betterAuthRoute } from "@/app/api/auth/[...all]/route";
import { POST as changeEmail } from "@/app/api/auth/change-email/route";
import { POST as deleteAccount } from "@/app/api/auth/delete-account/route";
import { POST as forgotPassword } from "@/app/api/auth/forgot-password/route";
import { POST as resetPassword } from "@/app/api/auth/reset-password/route";
import { GET as verifyEmail } from "@/app/api/auth/verify-email/route";
import { createSignedInUser, setCookies, TEST_PASSWORD } from "../support/auth";
import { jsonRequest, uniqueClientIp, uniqueEmail } from "../support/http";
import { expectSecurityNotice, mailsTo, waitForMails } from "../support/notices";
import { addPasskey, newAuthenticator, passkeyPost } from "../support/passkeys";
import { betterAuth, enableAuthenticator } from "../support/second-factor";

// Every change to how an account signs in, or to whom it belongs, mails its (old) address a
// security notice (lib/auth/account/security-notice.ts); a refused change mails nothing.
// Providers linked and unlinked are checked where those flows are (sso.test.ts).

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const BROWSER = { "user-agent": FIREFOX, "x-real-ip": "203.0.113.9" };

function changePassword(cookie: string, currentPassword: string, newPassword: string) {
  return betterAuthRoute(
    jsonRequest("/api/auth/change-password", {
      body: { currentPassword, newPassword },
      headers: { cookie, ...BROWSER },
    }),
  );
}

/** A reset link mailed to `email`, as the forgot-password page asks for it. */
async function resetToken(email: string): Promise<string> {
  const headers = { "x-real-ip": uniqueClientIp() };
  await forgotPassword(jsonRequest("/api/auth/forgot-password", { body: { email }, headers }));
  const [mail] = await waitForMails(email, /Reset/);
  return (
    new URL(/https?:\/\/\S+/.exec(mail?.text ?? "")?.[0] ?? "").searchParams.get("token") ?? ""
  );
}

describe("security notices", () => {
  it("tell a password changed in settings, from what device, and nothing of a refused change", async () => {
    const owner = await createSignedInUser();
    expect(
      (await changePassword(owner.cookie, "not my password", "a fresh passphrase")).status,
    ).toBe(400);
    const changed = await changePassword(owner.cookie, TEST_PASSWORD, "a fresh passphrase");
    expect(changed.status).toBe(200);
    const [notice] = await waitForMails(owner.email, /password was changed/);
    expectSecurityNotice(notice);
    expect(notice?.text).toContain("Device: Firefox on Windows, from IP address 203.0.113.9");
  });

  it("tell a password reset", async () => {
    const owner = await createSignedInUser();
    const token = await resetToken(owner.email);
    const reset = await resetPassword(
      jsonRequest("/api/auth/reset-password", {
        body: { token, newPassword: "a brand new passphrase" },
        headers: { "x-real-ip": uniqueClientIp() },
      }),
    );
    expect(reset.status).toBe(200);
    const [notice] = await waitForMails(owner.email, /password was reset/);
    expectSecurityNotice(notice);
  });

  it("tell two-factor turned on, backup codes regenerated, and two-factor turned off", async () => {
    const owner = await createSignedInUser();
    const app = await enableAuthenticator(owner);
    expectSecurityNotice((await waitForMails(owner.email, /Two-factor authentication is on/))[0]);

    const regenerated = await betterAuth(
      "/two-factor/generate-backup-codes",
      { password: TEST_PASSWORD, code: app.code() },
      app.cookie,
    );
    expect(regenerated.status).toBe(200);
    expectSecurityNotice((await waitForMails(owner.email, /New backup codes/))[0]);

    const refused = await betterAuth(
      "/two-factor/disable",
      { password: TEST_PASSWORD, code: "000000" },
      app.cookie,
    );
    expect(refused.status).toBe(401);
    const disabled = await betterAuth(
      "/two-factor/disable",
      { password: TEST_PASSWORD, code: app.code() },
      app.cookie,
    );
    expect(disabled.status).toBe(200);
    const [off] = await waitForMails(owner.email, /Two-factor authentication is off/);
    expectSecurityNotice(off);
  });

  it("tell a passkey added and removed", async () => {
    const owner = await createSignedInUser();
    const added = await addPasskey(owner, newAuthenticator());
    expect(added.status).toBe(200);
    expectSecurityNotice((await waitForMails(owner.email, /passkey was added/))[0]);
    const { id } = (await added.json()) as { id: string };
    expect((await passkeyPost("/delete-passkey", { id }, owner)).status).toBe(200);
    expectSecurityNotice((await waitForMails(owner.email, /passkey was removed/))[0]);
  });

  it("tell a change of email to the old address, even after reset mail spent its cap", async () => {
    const owner = await createSignedInUser();
    // The sign-up's verification mail and two reset mails: the per-address cap of reset and
    // verification mail (3 an hour) is spent, and a third reset mail is not sent.
    for (let asked = 1; asked <= 3; asked++) {
      await forgotPassword(
        jsonRequest("/api/auth/forgot-password", {
          body: { email: owner.email },
          headers: { "x-real-ip": uniqueClientIp() },
        }),
      );
    }
    await waitForMails(owner.email, /Reset/, 2);
    const newEmail = uniqueEmail("moved");
    const asked = await changeEmail(
      jsonRequest("/api/auth/change-email", {
        body: { email: newEmail, password: TEST_PASSWORD },
        headers: { cookie: owner.cookie, ...BROWSER },
      }),
    );
    expect(asked.status).toBe(202);
    const [requested] = await waitForMails(owner.email, /being changed/);
    expectSecurityNotice(requested, { defaultAdvice: false });
    expect(requested?.text).toContain(newEmail);

    // The new address gets a confirmation in words of its own, not the sign-up's.
    const [confirmation] = await waitForMails(newEmail, /Confirm your new Taskflow email/);
    expect(confirmation?.text).not.toContain("create a Taskflow account");
    const link = /https?:\/\/\S+\/api\/auth\/verify-email\?token=\S+/.exec(
      confirmation?.text ?? "",
    );
    // Followed in the browser that asked: elsewhere the page would ask for the password first.
    const followed = await verifyEmail(
      new Request(String(link?.[0]), {
        headers: { cookie: owner.cookie, "x-real-ip": uniqueClientIp() },
      }),
    );
    // The page it lands on names the new address (a cookie, never the URL).
    expect(followed.headers.get("location")).toBe("/verify-email?status=email_changed");
    expect(decodeURIComponent(setCookies(followed).email_changed_to?.value ?? "")).toBe(newEmail);
    const [done] = await waitForMails(owner.email, /email address was changed/);
    expectSecurityNotice(done, { defaultAdvice: false });
    expect(done?.text).toContain(newEmail);
    expect(await mailsTo(newEmail, /email address was changed/)).toEqual([]);
  });

  it("tell an account deleted, and nothing of a refused deletion", async () => {
    const owner = await createSignedInUser();
    const remove = (password: string) =>
      deleteAccount(
        jsonRequest("/api/auth/delete-account", {
          body: { password },
          headers: { cookie: owner.cookie, ...BROWSER },
        }),
      );
    expect((await remove("not my password")).status).toBe(400);
    expect((await remove(TEST_PASSWORD)).status).toBe(200);
    const [notice] = await waitForMails(owner.email, /account was deleted/);
    expectSecurityNotice(notice, { defaultAdvice: false });
  });
});

describe("the security notice cap", () => {
  it("sends 3 notices of one kind an hour to an address, and never silences another kind", async () => {
    const owner = await createSignedInUser();
    const passwords = [TEST_PASSWORD, "first new passphrase", "second new passphrase"];
    passwords.push("third new passphrase", "fourth new passphrase");
    for (let change = 1; change < passwords.length; change++) {
      const changed = await changePassword(
        owner.cookie,
        passwords[change - 1] ?? "",
        passwords[change] ?? "",
      );
      expect(changed.status).toBe(200);
    }
    expect((await addPasskey(owner, newAuthenticator())).status).toBe(200);
    await waitForMails(owner.email, /passkey was added/);
    // Mail leaves after the answer: by now every earlier one has been counted and written.
    await vi.waitFor(async () =>
      expect(await mailsTo(owner.email, /password was changed/)).toHaveLength(3),
    );
  });
});
