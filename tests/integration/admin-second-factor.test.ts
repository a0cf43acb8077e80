// REQUIRE_ADMIN_2FA=true: an admin without a second factor (an authenticator app or a
// passkey) may use no admin endpoint until it sets one up in Settings; the account's own
// endpoints (settings) keep working.
import { URI } from "otpauth";
import { afterEach, describe, expect, it } from "vitest";
import { createSignedInUser, setCookies, TEST_PASSWORD } from "../support/auth";
import { jsonRequest } from "../support/http";
import { importWithEnv, restoreEnv } from "../support/isolation";
import { addPasskey, newAuthenticator, passkeyPost } from "../support/passkeys";

afterEach(restoreEnv);

async function app(env: Record<string, string>) {
  return importWithEnv(
    async () => ({
      adminStats: (await import("@/app/api/admin/stats/route")).GET,
      listUsers: (await import("@/app/api/admin/users/route")).GET,
      me: (await import("@/app/api/auth/me/route")).GET,
      betterAuth: (await import("@/app/api/auth/[...all]/route")).POST,
    }),
    env,
  );
}

const get = (path: string, cookie: string) =>
  jsonRequest(path, { method: "GET", headers: { cookie } });

describe("REQUIRE_ADMIN_2FA", () => {
  it("refuses the admin API with 403 second_factor_required until the admin has a second factor", async () => {
    const routes = await app({ REQUIRE_ADMIN_2FA: "true" });
    const admin = await createSignedInUser({ role: "admin" });

    for (const answer of [
      await routes.adminStats(get("/api/admin/stats", admin.cookie)),
      await routes.listUsers(get("/api/admin/users", admin.cookie)),
    ]) {
      expect(answer.status).toBe(403);
      expect((await answer.json()).error.code).toBe("second_factor_required");
    }
    // Settings still works: the account itself, and setting up the factor.
    expect((await routes.me(get("/api/auth/me", admin.cookie))).status).toBe(200);
    const enabled = await routes.betterAuth(
      jsonRequest("/api/auth/two-factor/enable", {
        body: { password: TEST_PASSWORD },
        headers: { cookie: admin.cookie },
      }),
    );
    const { totpURI } = await enabled.json();
    const confirmed = await routes.betterAuth(
      jsonRequest("/api/auth/two-factor/verify-totp", {
        body: { code: URI.parse(totpURI).generate() },
        headers: { cookie: admin.cookie },
      }),
    );
    expect(confirmed.status).toBe(200);
    const cookies = setCookies(confirmed);
    const cookie = `access_token=${cookies.access_token?.value}`;
    expect((await routes.adminStats(get("/api/admin/stats", cookie))).status).toBe(200);
  });

  it("counts a passkey as the admin's second factor, for as long as the admin has one", async () => {
    const routes = await app({ REQUIRE_ADMIN_2FA: "true" });
    const admin = await createSignedInUser({ role: "admin" });
    const stats = () => routes.adminStats(get("/api/admin/stats", admin.cookie));
    expect((await stats()).status).toBe(403);

    const added = await addPasskey(admin, newAuthenticator());
    expect(added.status).toBe(200);
    // The same access token: the guard reads the factors at every request.
    expect((await stats()).status).toBe(200);

    const { id } = await added.json();
    expect((await passkeyPost("/delete-passkey", { id }, admin)).status).toBe(200);
    const refused = await stats();
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("second_factor_required");
  });

  it("leaves admins free to choose when it is off, and never concerns other users", async () => {
    const off = await app({ REQUIRE_ADMIN_2FA: "false" });
    const admin = await createSignedInUser({ role: "admin" });
    expect((await off.adminStats(get("/api/admin/stats", admin.cookie))).status).toBe(200);

    const on = await app({ REQUIRE_ADMIN_2FA: "true" });
    const member = await createSignedInUser();
    const refused = await on.adminStats(get("/api/admin/stats", member.cookie));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
  });
});
