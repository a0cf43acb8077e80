import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as deleteAccount } from "@/app/api/auth/delete-account/route";
import { getDb } from "@/lib/db/client";
import { twoFactor, user } from "@/lib/db/schema";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { jsonRequest } from "../support/http";
import { addPasskey, newAuthenticator, passkeyConfirmation } from "../support/passkeys";
import { betterAuth, enableAuthenticator } from "../support/second-factor";
import { activityLabels } from "../support/security-activity";

// Only a second factor changes second factors, and a passkey is one: new backup codes, turning
// the authenticator app off and deleting the account accept a fresh passkey answer of the
// account's own instead of an app code. The authenticator is tests/support's software one; the
// answer is checked by the library the passkey plugin signs in with.

/** A signed-in account with a passkey, and with the authenticator app too if `app`. */
async function ownerWithPasskey({ app = false } = {}) {
  const signedIn = await createSignedInUser();
  const owner = app ? { ...signedIn, ...(await enableAuthenticator(signedIn)) } : signedIn;
  const authenticator = newAuthenticator();
  const added = await addPasskey(owner, authenticator);
  expect(added.status, await added.clone().text()).toBe(200);
  return { ...owner, authenticator };
}

type Owner = Awaited<ReturnType<typeof ownerWithPasskey>>;

type Presented = { cookie: string; body: object };

async function answeredWith(
  owner: Owner,
  authenticator: Owner["authenticator"],
  overrides: Parameters<Owner["authenticator"]["authenticate"]>[1] = {},
): Promise<Presented> {
  const { passkey, cookie } = await passkeyConfirmation(owner, authenticator, overrides);
  return { cookie, body: { passkey } };
}

/**
 * Every way a confirmation must fail, each answering the owner's own challenge in the owner's
 * session. One per account: the failures count against the account's sign-in limit.
 */
const REFUSED: Record<string, (owner: Owner) => Promise<Presented>> = {
  "no passkey": async (owner) => ({ cookie: owner.cookie, body: {} }),
  "another account's passkey": async (owner) =>
    answeredWith(owner, (await ownerWithPasskey()).authenticator),
  "no user verification": (owner) =>
    answeredWith(owner, owner.authenticator, { userVerified: false }),
  "a forged signature": async (owner) => {
    const stranger = (await ownerWithPasskey()).authenticator;
    return answeredWith(owner, owner.authenticator, {
      signWith: stranger.credentials[0]?.privateKey,
    });
  },
  // From an authenticator that keeps no counter (reports 0, as many do): only the challenge,
  // consumed by its first use, stops the replay.
  "a replayed answer": async (owner) => {
    const used = await answeredWith(owner, owner.authenticator, { counter: 0 });
    // Spent on new backup codes: made for an account with the app, refused without one.
    const spent = await betterAuth(
      "/two-factor/generate-backup-codes",
      { password: TEST_PASSWORD, ...used.body },
      used.cookie,
    );
    expect(spent.status).not.toBe(401);
    return used;
  },
};

const secondFactorRow = async (userId: string) =>
  (await getDb().select().from(twoFactor).where(eq(twoFactor.userId, userId)))[0];

const accountRow = async (userId: string) =>
  (await getDb().select().from(user).where(eq(user.id, userId)))[0];

describe.each([
  ["/two-factor/generate-backup-codes", "New backup codes created"],
  ["/two-factor/disable", "Two-factor authentication turned off"],
])("%s", (path, event) => {
  it("accepts the password with a fresh passkey answer of the account's", async () => {
    const owner = await ownerWithPasskey({ app: true });
    const before = await secondFactorRow(owner.user.id);
    const { passkey, cookie } = await passkeyConfirmation(owner, owner.authenticator);
    const answer = await betterAuth(path, { password: TEST_PASSWORD, passkey }, cookie);
    expect(answer.status, await answer.clone().text()).toBe(200);
    if (path === "/two-factor/disable") {
      expect((await accountRow(owner.user.id))?.twoFactorEnabled).toBe(false);
    } else {
      expect((await secondFactorRow(owner.user.id))?.backupCodes).not.toBe(before?.backupCodes);
    }
    expect(await activityLabels(owner.user.id)).toContain(event);
  });

  it.each(Object.keys(REFUSED))(
    "refuses %s with the wrong code's 401, changing nothing",
    async (name) => {
      const owner = await ownerWithPasskey({ app: true });
      const { cookie, body } = (await REFUSED[name]?.(owner)) ?? { cookie: "", body: {} };
      const before = await secondFactorRow(owner.user.id);
      const answer = await betterAuth(path, { password: TEST_PASSWORD, ...body }, cookie);
      expect(answer.status).toBe(401);
      expect((await answer.json()).error.code).toBe("invalid_code");
      expect(await secondFactorRow(owner.user.id)).toEqual(before);
      expect((await accountRow(owner.user.id))?.twoFactorEnabled).toBe(true);
    },
  );
});

describe("deleting an account", () => {
  const deleteWith = (cookie: string, body: object) =>
    deleteAccount(
      jsonRequest("/api/auth/delete-account", {
        body: { password: TEST_PASSWORD, ...body },
        headers: { cookie },
      }),
    );

  it.each([
    ["a passkey only", false],
    ["a passkey and an authenticator app", true],
  ])("with %s takes a fresh passkey answer besides the password", async (_, app) => {
    const owner = await ownerWithPasskey({ app });
    const { passkey, cookie } = await passkeyConfirmation(owner, owner.authenticator);
    const deleted = await deleteWith(cookie, { passkey });
    expect(deleted.status, await deleted.clone().text()).toBe(200);
    expect(await accountRow(owner.user.id)).toBeUndefined();
  });

  it("with a passkey only is refused an answer sent with two challenge cookies", async () => {
    const owner = await ownerWithPasskey();
    const earlier = await answeredWith(owner, owner.authenticator);
    const later = await answeredWith(owner, owner.authenticator);
    // The answer fits the later challenge, whose cookie comes last (the one a parser keeps).
    const challenges = [earlier, later].map(({ cookie }) => cookie.split("; ").at(-1));
    const answer = await deleteWith(`${owner.cookie}; ${challenges.join("; ")}`, later.body);
    expect(answer.status).toBe(401);
    expect(await accountRow(owner.user.id)).toBeDefined();
  });

  it.each(Object.keys(REFUSED))("with a passkey only is refused %s", async (name) => {
    const owner = await ownerWithPasskey();
    const { cookie, body } = (await REFUSED[name]?.(owner)) ?? { cookie: "", body: {} };
    const answer = await deleteWith(cookie, body);
    expect(answer.status).toBe(401);
    expect((await answer.json()).error.code).toBe("invalid_code");
    expect(await accountRow(owner.user.id)).toBeDefined();
  });
});
