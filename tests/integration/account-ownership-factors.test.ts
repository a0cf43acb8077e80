import { eq, like, or, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { POST as deleteAccount } from "@/app/api/auth/delete-account/route";
import { POST as forgotPassword } from "@/app/api/auth/forgot-password/route";
import { POST as login } from "@/app/api/auth/login/route";
import { getDb } from "@/lib/db/client";
import { account, user, verification } from "@/lib/db/schema";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { jsonRequest, uniqueEmail } from "../support/http";
import { expectSignedIn, newBrowser, signInThroughProvider } from "../support/provider-browser";
import { providerForThisFile } from "../support/provider-for-file";
import { betterAuth, CHALLENGE, cookieOf, enableAuthenticator } from "../support/second-factor";

// Only a second factor changes second factors; two challenge cookies are refused; what an
// account leaves behind (provider id_tokens, verification rows) is not kept.

const idp = providerForThisFile();

async function userWithAuthenticator() {
  const signedIn = await createSignedInUser();
  return { ...signedIn, ...(await enableAuthenticator(signedIn)) };
}

/** A six-digit code that is not the app's current one. */
const wrongCode = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, "0");

const deleteWith = (cookie: string, body: Record<string, string>) =>
  deleteAccount(jsonRequest("/api/auth/delete-account", { body, headers: { cookie } }));

/** Every verification row that names the account: links, trusted browsers, challenges. */
const verificationRowsOf = (userId: string) =>
  getDb()
    .select({ identifier: verification.identifier })
    .from(verification)
    .where(
      or(
        eq(verification.value, userId),
        sql`case when ${verification.identifier} like 'verify-email:%'
          then ${verification.value}::jsonb ->> 'userId' end = ${userId}`,
      ),
    );

describe("new backup codes", () => {
  it("need a current code from the app, not the password alone", async () => {
    const owner = await userWithAuthenticator();
    const path = "/two-factor/generate-backup-codes";
    const passwordOnly = await betterAuth(path, { password: TEST_PASSWORD }, owner.cookie);
    expect(passwordOnly.status).toBe(401);
    expect((await passwordOnly.json()).error.code).toBe("invalid_code");
    const wrong = await betterAuth(
      path,
      { password: TEST_PASSWORD, code: wrongCode(owner.code()) },
      owner.cookie,
    );
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("invalid_code");
    const right = await betterAuth(
      path,
      { password: TEST_PASSWORD, code: owner.code() },
      owner.cookie,
    );
    expect(right.status).toBe(200);
    expect((await right.json()).backupCodes).toHaveLength(10);
  });
});

describe("deleting an account", () => {
  it("with an authenticator app needs a current code as well as the password", async () => {
    const owner = await userWithAuthenticator();
    const noCode = await deleteWith(owner.cookie, { password: TEST_PASSWORD });
    expect(noCode.status).toBe(401);
    expect((await noCode.json()).error.code).toBe("invalid_code");
    const wrong = await deleteWith(owner.cookie, {
      password: TEST_PASSWORD,
      code: wrongCode(owner.code()),
    });
    expect(wrong.status).toBe(401);
    expect(await getDb().select().from(user).where(eq(user.id, owner.user.id))).toHaveLength(1);
    const right = await deleteWith(owner.cookie, { password: TEST_PASSWORD, code: owner.code() });
    expect(right.status).toBe(200);
    expect(await getDb().select().from(user).where(eq(user.id, owner.user.id))).toHaveLength(0);
  });

  it("removes its verification rows: links and trusted browsers", async () => {
    const owner = await createSignedInUser({ verified: false });
    await forgotPassword(
      jsonRequest("/api/auth/forgot-password", { body: { email: owner.email } }),
    );
    await vi.waitFor(async () => {
      const identifiers = (await verificationRowsOf(owner.user.id)).map((row) => row.identifier);
      expect(identifiers.some((id) => id.startsWith("reset-password:"))).toBe(true);
      expect(identifiers.some((id) => id.startsWith("verify-email:"))).toBe(true);
    });
    await getDb()
      .insert(verification)
      .values({
        id: `trusted-${owner.user.id}`,
        identifier: `trust-device-${owner.user.id}`,
        value: owner.user.id,
        expiresAt: new Date(Date.now() + 3600_000),
      });
    expect((await deleteWith(owner.cookie, { password: TEST_PASSWORD })).status).toBe(200);
    expect(await verificationRowsOf(owner.user.id)).toEqual([]);
    expect(
      await getDb()
        .select()
        .from(verification)
        .where(like(verification.identifier, `trust-device-${owner.user.id}`)),
    ).toEqual([]);
  });
});

describe("a second factor's challenge", () => {
  it("is refused when the request carries two challenge cookies", async () => {
    const owner = await userWithAuthenticator();
    const challenges: string[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const signedIn = await login(
        jsonRequest("/api/auth/login", { body: { email: owner.email, password: TEST_PASSWORD } }),
      );
      challenges.push(cookieOf(signedIn, CHALLENGE));
    }
    expect(challenges[0]).not.toBe(challenges[1]);
    const both = await betterAuth(
      "/two-factor/verify-totp",
      { code: owner.code() },
      challenges.join("; "),
    );
    expect(both.status).toBe(400);
    expect((await both.json()).error.code).toBe("conflicting_cookies");
    // Either one alone still works.
    const one = await betterAuth("/two-factor/verify-totp", { code: owner.code() }, challenges[1]);
    expect(one.status).toBe(200);
  });
});

describe("a provider's id_token", () => {
  it("is never stored, at the sign-up or at a later sign-in", async () => {
    const email = uniqueEmail("id-token");
    const login = idp.addUser({ email, emailVerified: true });
    for (let signIn = 0; signIn < 2; signIn += 1) {
      const browser = newBrowser();
      const { response } = await signInThroughProvider(idp, browser, login);
      expectSignedIn(response, browser);
      const [row] = await getDb()
        .select({ idToken: account.idToken, providerId: account.providerId })
        .from(account)
        .innerJoin(user, eq(user.id, account.userId))
        .where(eq(user.email, email));
      expect(row).toEqual({ idToken: null, providerId: "oidc" });
    }
  });
});
