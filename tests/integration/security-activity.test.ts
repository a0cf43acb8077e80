import { describe, expect, it } from "vitest";
import { POST as betterAuth } from "@/app/api/auth/[...all]/route";
import { POST as login } from "@/app/api/auth/login/route";
import { recentSecurityActivity } from "@/lib/auth/account/security-events";
import { createSignedInUser } from "../support/auth";
import { jsonRequest } from "../support/http";
import { activityLabels } from "../support/security-activity";

// Settings → Security activity: what changed the account, in words
// (lib/auth/account/security-events.ts). The reset and the change of email are checked where those
// flows are (password-reset.test.ts, email-verification.test.ts); two-factor events in
// second-factor.test.ts.

describe("security activity", () => {
  it("records a password changed in settings, and nothing for a refused change", async () => {
    const alice = await createSignedInUser();
    const change = (currentPassword: string) =>
      betterAuth(
        jsonRequest("/api/auth/change-password", {
          body: { currentPassword, newPassword: "a fresh passphrase of mine" },
          headers: { cookie: alice.cookie, "x-real-ip": "203.0.113.9" },
        }),
      );
    expect((await change("not the password at all")).status).toBe(400);
    expect(await activityLabels(alice.user.id)).toEqual([]);

    expect((await change(alice.password)).status).toBe(200);
    const [event] = await recentSecurityActivity(alice.user.id);
    expect(await activityLabels(alice.user.id)).toEqual(["Password changed"]);
    expect(event).toMatchObject({ label: "Password changed", ipAddress: "203.0.113.9" });
  });

  it("is not empty from the start: the sign-up, then every sign-in", async () => {
    const bob = await createSignedInUser();
    const labels = async () => (await recentSecurityActivity(bob.user.id)).map((e) => e.label);
    expect(await labels()).toEqual(["Account created"]);
    const signedIn = await login(
      jsonRequest("/api/auth/login", {
        body: { email: bob.email, password: bob.password },
        headers: { "x-real-ip": "198.51.100.7" },
      }),
    );
    expect(signedIn.status).toBe(200);
    expect(await labels()).toEqual(["Signed in", "Account created"]);
    const [latest] = await recentSecurityActivity(bob.user.id);
    expect(latest?.ipAddress).toBe("198.51.100.7");
  });
});
