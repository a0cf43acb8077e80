// TOTP with backup codes through Better Auth's twoFactor plugin and the front door.
// Codes are computed with `otpauth`, a library of its own, from the secret the enable step shows.
import { and, eq, like } from "drizzle-orm";
import { URI } from "otpauth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as deleteAccount } from "@/app/api/auth/delete-account/route";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as revokeOthers } from "@/app/api/auth/sessions/revoke-others/route";
import { SECURITY_EVENT_LABELS } from "@/lib/auth/account/security-events";
import { getDb } from "@/lib/db/client";
import { refreshToken, session, user, verification } from "@/lib/db/schema";
import { createSignedInUser, setCookies, TEST_PASSWORD } from "../support/auth";
import { jsonRequest } from "../support/http";
import { freezeClockMidMinute } from "../support/isolation";
import {
  betterAuth,
  CHALLENGE,
  cookieOf,
  enableAuthenticator,
  TRUSTED,
  tokenCookies,
} from "../support/second-factor";
import { activityLabels } from "../support/security-activity";

afterEach(() => {
  vi.useRealTimers();
});

/** A signed-in user whose authenticator app is set up and confirmed. */
async function userWithAuthenticator() {
  const signedIn = await createSignedInUser();
  return { ...signedIn, ...(await enableAuthenticator(signedIn)) };
}

/** A correct password: the answer, and the challenge cookie to send with the code. */
async function signInWithPassword(email: string, cookie?: string) {
  const response = await login(
    jsonRequest("/api/auth/login", {
      body: { email, password: TEST_PASSWORD },
      headers: cookie ? { cookie } : {},
    }),
  );
  expect(response.status).toBe(200);
  return { response, challenge: cookieOf(response, CHALLENGE) };
}

async function sessionsOf(userId: string) {
  return getDb().select({ id: session.id }).from(session).where(eq(session.userId, userId));
}

async function meWith(cookie: string) {
  return me(jsonRequest("/api/auth/me", { method: "GET", headers: { cookie } }));
}

describe("enabling an authenticator app", () => {
  it("counts only once a code confirms it, and then ends the account's other sessions", async () => {
    const owner = await createSignedInUser();
    const elsewhere = await signInWithPassword(owner.email);
    const otherBrowser = tokenCookies(elsewhere.response);
    expect((await meWith(otherBrowser)).status).toBe(200);

    const enabled = await betterAuth(
      "/two-factor/enable",
      { password: TEST_PASSWORD },
      owner.cookie,
    );
    const { totpURI, backupCodes } = await enabled.json();
    expect(backupCodes).toHaveLength(10);
    // Not yet confirmed: the password alone still signs in, and nothing was revoked.
    expect(setCookies((await signInWithPassword(owner.email)).response).access_token).toBeDefined();
    const [stored] = await getDb().select().from(user).where(eq(user.id, owner.user.id));
    expect(stored?.twoFactorEnabled).toBe(false);

    const wrong = await betterAuth("/two-factor/verify-totp", { code: "000000" }, owner.cookie);
    expect(wrong.status).toBe(401);
    const confirmed = await betterAuth(
      "/two-factor/verify-totp",
      { code: URI.parse(totpURI).generate() },
      owner.cookie,
    );
    expect(confirmed.status).toBe(200);
    const thisBrowser = tokenCookies(confirmed);
    expect((await meWith(thisBrowser)).status).toBe(200);
    expect((await meWith(otherBrowser)).status).toBe(401);
    expect((await meWith(owner.cookie)).status).toBe(401);
    expect(await sessionsOf(owner.user.id)).toHaveLength(1);
  });

  it("refuses a wrong password and serves no way to read the secret back", async () => {
    const owner = await createSignedInUser();
    const refused = await betterAuth(
      "/two-factor/enable",
      { password: "not the password" },
      owner.cookie,
    );
    expect(refused.status).toBe(400);
    const unsigned = await betterAuth("/two-factor/enable", { password: TEST_PASSWORD });
    expect(unsigned.status).toBe(401);
    const uri = await betterAuth(
      "/two-factor/get-totp-uri",
      { password: TEST_PASSWORD },
      owner.cookie,
    );
    expect(uri.status).toBe(404);
  });
});

describe("signing in with a second factor", () => {
  it("issues no token pair for a correct password, on /api/auth/login or /sign-in/email", async () => {
    const owner = await userWithAuthenticator();
    const before = await sessionsOf(owner.user.id);

    const { response, challenge } = await signInWithPassword(owner.email);
    expect(await response.json()).toEqual({
      two_factor_required: true,
      methods: ["totp", "backup_code"],
    });
    const viaBetterAuth = await betterAuth("/sign-in/email", {
      email: owner.email,
      password: TEST_PASSWORD,
    });
    expect(viaBetterAuth.status).toBe(200);
    expect(await viaBetterAuth.json()).toMatchObject({ twoFactorRedirect: true });

    for (const answer of [response, viaBetterAuth]) {
      const set = setCookies(answer);
      // Our token cookies may only be cleared (an empty value), never set.
      const ours = Object.entries(set).filter(([name]) => !name.startsWith("better-auth."));
      expect(ours.filter(([, cookie]) => cookie.value !== "")).toEqual([]);
      expect(set[CHALLENGE]?.attributes).toMatch(/Max-Age=300/);
      expect(set[CHALLENGE]?.attributes).toMatch(/HttpOnly/);
      expect(Object.keys(set).some((name) => name.includes("session_token"))).toBe(false);
    }
    expect(challenge).not.toBe("");
    // No session, so no refresh family, came out of either password.
    expect(await sessionsOf(owner.user.id)).toEqual(before);
    const families = await getDb()
      .select({ id: refreshToken.id })
      .from(refreshToken)
      .innerJoin(session, eq(session.id, refreshToken.sessionId))
      .where(eq(session.userId, owner.user.id));
    expect(families).toHaveLength(1);
  });

  it("finishes with a code, once: the challenge is single use", async () => {
    const owner = await userWithAuthenticator();
    const { challenge } = await signInWithPassword(owner.email);
    const verified = await betterAuth("/two-factor/verify-totp", { code: owner.code() }, challenge);
    expect(verified.status).toBe(200);
    expect(JSON.stringify(await verified.json())).not.toMatch(/"token"/);
    const signedIn = tokenCookies(verified);
    expect((await meWith(signedIn)).status).toBe(200);
    expect(setCookies(verified)[CHALLENGE]?.attributes).toMatch(/Max-Age=0/);

    const replayed = await betterAuth("/two-factor/verify-totp", { code: owner.code() }, challenge);
    expect(replayed.status).toBe(401);
    expect(tokenCookies(replayed)).toBe("");
  });

  it("answers an expired challenge exactly as a wrong code", async () => {
    const owner = await userWithAuthenticator();
    const first = await signInWithPassword(owner.email);
    const wrong = await betterAuth("/two-factor/verify-totp", { code: "000000" }, first.challenge);

    const second = await signInWithPassword(owner.email);
    const identifier = decodeURIComponent(second.challenge.split("=")[1] ?? "").split(".")[0];
    await getDb()
      .update(verification)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(like(verification.identifier, `%${identifier}`));
    const expired = await betterAuth(
      "/two-factor/verify-totp",
      { code: owner.code() },
      second.challenge,
    );

    const forged = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: owner.backupCodes[0] },
      `${CHALLENGE}=2fa-forged.c2lnbmF0dXJl`,
    );
    const wrongBackup = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: "aaaaa-bbbbb" },
      (await signInWithPassword(owner.email)).challenge,
    );
    const answers = [wrong, expired, forged, wrongBackup];
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(bodies[0].error.code).toBe("invalid_code");
    for (const answer of answers) expect(tokenCookies(answer)).toBe("");
  });

  it("counts codes per account, across challenges and client IPs (5 a minute)", async () => {
    freezeClockMidMinute();
    const owner = await userWithAuthenticator(); // its confirmation was the first code
    const first = await signInWithPassword(owner.email);
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await betterAuth(
        "/two-factor/verify-totp",
        { code: "000000" },
        first.challenge,
      );
      expect(answer.status).toBe(401);
    }
    const second = await signInWithPassword(owner.email);
    const backup = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: "x" },
      second.challenge,
    );
    expect(backup.status).toBe(401);
    const limited = await betterAuth(
      "/two-factor/verify-totp",
      { code: owner.code() },
      second.challenge,
    );
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe("rate_limited");
    expect(tokenCookies(limited)).toBe("");

    // Another account's codes are counted apart.
    const other = await userWithAuthenticator();
    const { challenge } = await signInWithPassword(other.email);
    expect(
      (await betterAuth("/two-factor/verify-totp", { code: other.code() }, challenge)).status,
    ).toBe(200);
  });
});

describe("whose counter a code spends", () => {
  it("counts codes at a challenge against its account, whatever access token comes along", async () => {
    freezeClockMidMinute();
    const owner = await userWithAuthenticator(); // its confirmation was the first code
    // Someone holding the password has a challenge; a token of their own account outlives its
    // session by minutes, so Better Auth checks their codes against the challenge.
    const attacker = await createSignedInUser();
    await getDb().delete(session).where(eq(session.userId, attacker.user.id));
    const { challenge } = await signInWithPassword(owner.email);
    for (let attempt = 0; attempt < 4; attempt++) {
      const answer = await betterAuth(
        "/two-factor/verify-totp",
        { code: "000000" },
        `${challenge}; access_token=${attacker.accessToken}`,
      );
      expect(answer.status).toBe(401);
    }
    const next = await signInWithPassword(owner.email);
    const limited = await betterAuth(
      "/two-factor/verify-totp",
      { code: owner.code() },
      next.challenge,
    );
    expect(limited.status).toBe(429);
  });
});

describe("codes asked for a change", () => {
  it("count against the account's codes, as at sign-in: no second way to guess them", async () => {
    freezeClockMidMinute();
    const registered = await createSignedInUser();
    // A browser the account signed in from: its password checks count in a bucket of their own,
    // so what runs out below is the count of codes.
    const signedIn = await signInWithPassword(registered.email);
    const device = cookieOf(signedIn.response, "device_token");
    const owner = await enableAuthenticator({
      cookie: `${tokenCookies(signedIn.response)}; ${device}`,
    });
    const guess = { password: TEST_PASSWORD, code: "000000" };
    for (let attempt = 0; attempt < 2; attempt++) {
      const turnOff = await betterAuth("/two-factor/disable", guess, `${owner.cookie}; ${device}`);
      expect(turnOff.status).toBe(401);
      const deletion = await deleteAccount(
        jsonRequest("/api/auth/delete-account", {
          body: guess,
          headers: { cookie: `${owner.cookie}; ${device}` },
        }),
      );
      expect(deletion.status).toBe(401);
    }
    const { challenge } = await signInWithPassword(registered.email, device);
    const limited = await betterAuth("/two-factor/verify-totp", { code: owner.code() }, challenge);
    expect(limited.status).toBe(429);
    expect(await getDb().select().from(user).where(eq(user.id, registered.user.id))).toHaveLength(
      1,
    );
  });
});

describe("backup codes", () => {
  it("finish a sign-in once each", async () => {
    const owner = await userWithAuthenticator();
    const [code, another] = owner.backupCodes;
    const first = await signInWithPassword(owner.email);
    const used = await betterAuth("/two-factor/verify-backup-code", { code }, first.challenge);
    expect(used.status).toBe(200);
    expect((await meWith(tokenCookies(used))).status).toBe(200);

    const again = await signInWithPassword(owner.email);
    const reused = await betterAuth("/two-factor/verify-backup-code", { code }, again.challenge);
    expect(reused.status).toBe(401);
    expect((await reused.json()).error.code).toBe("invalid_code");
    const fresh = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: another },
      again.challenge,
    );
    expect(fresh.status).toBe(200);
  });

  it("are replaced by new ones after the password and a code, and the old ones stop working", async () => {
    const owner = await userWithAuthenticator();
    const regenerated = await betterAuth(
      "/two-factor/generate-backup-codes",
      { password: TEST_PASSWORD, code: owner.code() },
      owner.cookie,
    );
    expect(regenerated.status).toBe(200);
    const { backupCodes } = await regenerated.json();
    expect(backupCodes).toHaveLength(10);
    const { challenge } = await signInWithPassword(owner.email);
    const old = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: owner.backupCodes[0] },
      challenge,
    );
    expect(old.status).toBe(401);
    const fresh = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: backupCodes[0] },
      challenge,
    );
    expect(fresh.status).toBe(200);
  });
});

describe("trusted browsers", () => {
  async function trustedBrowser() {
    const owner = await userWithAuthenticator();
    const { challenge } = await signInWithPassword(owner.email);
    const verified = await betterAuth(
      "/two-factor/verify-totp",
      { code: owner.code(), trustDevice: true },
      challenge,
    );
    expect(verified.status).toBe(200);
    const trust = cookieOf(verified, TRUSTED);
    expect(setCookies(verified)[TRUSTED]?.attributes).toMatch(/Max-Age=2592000/);
    return { owner, trust, signedIn: tokenCookies(verified) };
  }

  it("skip the code for their own account only", async () => {
    const { owner, trust } = await trustedBrowser();
    const skipped = await signInWithPassword(owner.email, trust);
    expect(setCookies(skipped.response).access_token).toBeDefined();
    expect(skipped.challenge).toBe("");

    const other = await userWithAuthenticator();
    const notBound = await signInWithPassword(other.email, trust);
    expect(await notBound.response.json()).toMatchObject({ two_factor_required: true });
  });

  it("are forgotten when the account signs out everywhere else", async () => {
    const { owner, trust, signedIn } = await trustedBrowser();
    const revoked = await revokeOthers(
      jsonRequest("/api/auth/sessions/revoke-others", { headers: { cookie: signedIn } }),
    );
    expect(revoked.status).toBe(200);
    const again = await signInWithPassword(owner.email, trust);
    expect(await again.response.json()).toMatchObject({ two_factor_required: true });
  });

  it("are forgotten when the second factor is turned off", async () => {
    const { owner, signedIn } = await trustedBrowser();
    const rows = () =>
      getDb()
        .select()
        .from(verification)
        .where(
          and(
            eq(verification.value, owner.user.id),
            like(verification.identifier, "trust-device-%"),
          ),
        );
    expect(await rows()).toHaveLength(1);
    const disabled = await betterAuth(
      "/two-factor/disable",
      { password: TEST_PASSWORD, code: owner.code() },
      signedIn,
    );
    expect(disabled.status).toBe(200);
    expect(await rows()).toEqual([]);
  });
});

describe("disabling", () => {
  it("needs the password and a current code", async () => {
    const owner = await userWithAuthenticator();
    // No code at all: tests/integration/account-ownership-passkey-factor.test.ts (the account
    // signs in five times a minute, and each of these counts).
    const wrongCode = await betterAuth(
      "/two-factor/disable",
      { password: TEST_PASSWORD, code: "000000" },
      owner.cookie,
    );
    expect(wrongCode.status).toBe(401);
    expect((await wrongCode.json()).error.code).toBe("invalid_code");
    const wrongPassword = await betterAuth(
      "/two-factor/disable",
      { password: "not the password", code: owner.code() },
      owner.cookie,
    );
    expect(wrongPassword.status).toBe(400);
    const [still] = await getDb().select().from(user).where(eq(user.id, owner.user.id));
    expect(still?.twoFactorEnabled).toBe(true);

    const disabled = await betterAuth(
      "/two-factor/disable",
      { password: TEST_PASSWORD, code: owner.code() },
      owner.cookie,
    );
    expect(disabled.status).toBe(200);
    expect((await meWith(tokenCookies(disabled))).status).toBe(200);
    const after = await signInWithPassword(owner.email);
    expect(setCookies(after.response).access_token).toBeDefined();
  });
});

describe("security activity", () => {
  it("records turning it on and off, new backup codes and a backup code used, newest first", async () => {
    const owner = await userWithAuthenticator();
    const regenerated = await betterAuth(
      "/two-factor/generate-backup-codes",
      { password: TEST_PASSWORD, code: owner.code() },
      owner.cookie,
    );
    const { backupCodes } = await regenerated.json();
    const { challenge } = await signInWithPassword(owner.email);
    const used = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: backupCodes[0] },
      challenge,
    );
    const failed = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: backupCodes[0] },
      challenge,
    );
    expect(failed.status).toBe(401);
    const disabled = await betterAuth(
      "/two-factor/disable",
      { password: TEST_PASSWORD, code: owner.code() },
      tokenCookies(used),
    );
    expect(disabled.status).toBe(200);

    expect(await activityLabels(owner.user.id)).toEqual([
      SECURITY_EVENT_LABELS.two_factor_disabled,
      SECURITY_EVENT_LABELS.backup_code_used,
      SECURITY_EVENT_LABELS.backup_codes_regenerated,
      SECURITY_EVENT_LABELS.two_factor_enabled,
    ]);
    const other = await createSignedInUser();
    expect(await activityLabels(other.user.id)).toEqual([]);
  });
});
