import { describe, expect, it } from "vitest";
import { POST as betterAuth } from "@/app/api/auth/[...all]/route";
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
    const [event, ...others] = await recentSecurityActivity(alice.user.id);
    expect(others).toEqual([]);
    expect(event).toMatchObject({ label: "Password changed", ipAddress: "203.0.113.9" });
  });
});
