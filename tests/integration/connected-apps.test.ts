import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as createKeyRoute } from "@/app/api/auth/api-keys/route";
import { DELETE as revokeRoute } from "@/app/api/auth/connected-apps/[id]/route";
import { GET as listRoute } from "@/app/api/auth/connected-apps/route";
import { POST as deleteAccount } from "@/app/api/auth/delete-account/route";
import { POST as forgotPassword } from "@/app/api/auth/forgot-password/route";
import { POST as resetPassword } from "@/app/api/auth/reset-password/route";
import { proveMailbox } from "@/lib/auth/account/fresh-start";
import { lookUpRefreshToken, startRefreshFamily } from "@/lib/auth/core/refresh";
import { getDb } from "@/lib/db/client";
import {
  oauthAuthorizationCode,
  oauthClient,
  oauthDeviceCode,
  refreshToken,
  session,
} from "@/lib/db/schema";
import { createSignedInUser } from "../support/auth";
import { grantExists, insertClient, insertGrant } from "../support/grants";
import { jsonRequest } from "../support/http";
import { importWithEnv, restoreEnv } from "../support/isolation";
import { expectSecurityNotice, waitForMails } from "../support/notices";
import { expectDocumented } from "../support/openapi";
import { activityLabels } from "../support/security-activity";

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
  process.env.API_KEYS = "on";
});

type SignedIn = Awaited<ReturnType<typeof createSignedInUser>>;
type Listed = {
  grants: { id: string; clientName: string; scopes: string[]; registeredBy: string }[];
  apiKeys: { id: string; name: string }[];
};

async function connectedApps(owner: SignedIn): Promise<Listed> {
  const response = await listRoute(
    jsonRequest("/api/auth/connected-apps", { method: "GET", headers: { cookie: owner.cookie } }),
  );
  expect(response.status).toBe(200);
  await expectDocumented("get", "/api/auth/connected-apps", response);
  return response.json();
}

const revoke = (owner: SignedIn, id: string, headers: Record<string, string> = {}) =>
  revokeRoute(
    jsonRequest(`/api/auth/connected-apps/${id}`, {
      method: "DELETE",
      headers: { cookie: owner.cookie, ...headers },
    }),
    { params: Promise.resolve({ id }) },
  );

afterEach(() => restoreEnv());

describe("Connected apps", () => {
  it("lists the user's grants with who registered each app, and the user's keys", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const own = await insertClient({ ownerId: alice.user.id, name: "My own tool" });
    const dynamic = await insertClient({ ownerId: null, name: "An agent" });
    const others = await insertClient({ ownerId: bob.user.id, name: "Bob's app" });
    await insertGrant(alice.user.id, own.id, ["tasks:read", "tasks:write"]);
    await insertGrant(alice.user.id, dynamic.id, ["profile"]);
    await insertGrant(alice.user.id, others.id);
    await insertGrant(bob.user.id, others.id);
    const key = await createKeyRoute(
      jsonRequest("/api/auth/api-keys", {
        body: {
          name: "backup",
          scopes: ["tasks:read"],
          expiresInDays: 7,
          password: alice.password,
        },
        headers: { cookie: alice.cookie },
      }),
    );
    expect(key.status).toBe(201);

    const { grants, apiKeys } = await connectedApps(alice);
    expect(
      grants.map(({ clientName, scopes, registeredBy }) => ({ clientName, scopes, registeredBy })),
    ).toEqual(
      expect.arrayContaining([
        { clientName: "My own tool", scopes: ["tasks:read", "tasks:write"], registeredBy: "you" },
        { clientName: "An agent", scopes: ["profile"], registeredBy: "itself" },
        { clientName: "Bob's app", scopes: ["tasks:read"], registeredBy: "another account" },
      ]),
    );
    // Alice's own sign-in is a session too, and is not listed here.
    expect(grants).toHaveLength(3);
    expect(apiKeys.map((apiKey) => apiKey.name)).toEqual(["backup"]);
    expect((await connectedApps(bob)).grants.map((grant) => grant.clientName)).toEqual([
      "Bob's app",
    ]);
  });

  it("revoking a grant deletes it with its refresh tokens, records it and mails a notice", async () => {
    const alice = await createSignedInUser();
    const client = await insertClient({ name: "Sync tool" });
    const grant = await insertGrant(alice.user.id, client.id);
    const kept = await insertGrant(alice.user.id, client.id);
    const appRefreshToken = await startRefreshFamily(grant.id);
    expect((await lookUpRefreshToken(appRefreshToken)).row?.sessionId).toBe(grant.id);

    const response = await revoke(alice, grant.id, { "user-agent": "Firefox on Linux" });
    expect(response.status).toBe(204);
    await expectDocumented("delete", "/api/auth/connected-apps/{id}", response);
    expect(await grantExists(grant.id)).toBe(false);
    expect(await grantExists(kept.id)).toBe(true);
    expect((await lookUpRefreshToken(appRefreshToken)).row).toBeUndefined();
    expect(
      await getDb().select().from(refreshToken).where(eq(refreshToken.sessionId, grant.id)),
    ).toEqual([]);
    expect((await connectedApps(alice)).grants.map((listed) => listed.id)).toEqual([kept.id]);
    expect(await activityLabels(alice.user.id)).toContain("An app's access was revoked");
    const [notice] = await waitForMails(alice.email, /An app's access .* was revoked/);
    expectSecurityNotice(notice);
    // The app chose its own name: it stays out of the mail.
    expect(`${notice?.text}${notice?.html}`).not.toContain("Sync tool");
  });

  it("revokes neither another user's grant nor a person's own sign-in: 404 for both", async () => {
    const alice = await createSignedInUser();
    const mallory = await createSignedInUser();
    const client = await insertClient();
    const grant = await insertGrant(alice.user.id, client.id);
    const [aliceSession] = await getDb()
      .select({ id: session.id })
      .from(session)
      .where(and(eq(session.userId, alice.user.id), isNull(session.oauthClientId)));
    expect(aliceSession).toBeDefined();

    for (const [who, id] of [
      [mallory, grant.id],
      [alice, aliceSession?.id ?? ""],
      [alice, "no-such-grant"],
    ] as const) {
      const response = await revoke(who, id);
      expect(response.status, id).toBe(404);
      await expectDocumented("delete", "/api/auth/connected-apps/{id}", response);
    }
    expect(await grantExists(grant.id)).toBe(true);
    expect(await grantExists(aliceSession?.id ?? "")).toBe(true);
  });

  it("takes no API key and no app: only a person's own sign-in", async () => {
    const alice = await createSignedInUser();
    const grant = await insertGrant(alice.user.id, (await insertClient()).id);
    const anonymous = await listRoute(jsonRequest("/api/auth/connected-apps", { method: "GET" }));
    expect(anonymous.status).toBe(401);
    const withKey = await revokeRoute(
      jsonRequest(`/api/auth/connected-apps/${grant.id}`, {
        method: "DELETE",
        headers: { authorization: `Bearer tfk_${"a".repeat(43)}` },
      }),
      { params: Promise.resolve({ id: grant.id }) },
    );
    expect(withKey.status).toBe(403);
    expect(await grantExists(grant.id)).toBe(true);
  });

  it("answers 404 while both OAUTH_PROVIDER and API_KEYS are off; keys only while API_KEYS is on", async () => {
    const alice = await createSignedInUser();
    const off = await importWithEnv(() => import("@/app/api/auth/connected-apps/route"), {
      OAUTH_PROVIDER: "off",
      API_KEYS: "off",
    });
    const request = () =>
      jsonRequest("/api/auth/connected-apps", { method: "GET", headers: { cookie: alice.cookie } });
    expect((await off.GET(request())).status).toBe(404);

    const appsOnly = await importWithEnv(() => import("@/app/api/auth/connected-apps/route"), {
      OAUTH_PROVIDER: "on",
      API_KEYS: "off",
    });
    const response = await appsOnly.GET(request());
    expect(response.status).toBe(200);
    expect((await response.json()).apiKeys).toEqual([]);
  });
});

/**
 * An authorization code and a device code the user allowed, neither redeemed yet: redeemed after
 * a reset, either would make a grant that outlived it.
 */
async function insertConsentedCodes(userId: string, clientRowId: string) {
  const authorizationCode = randomUUID();
  const deviceCode = randomUUID();
  await getDb()
    .insert(oauthAuthorizationCode)
    .values({
      codeHash: authorizationCode,
      clientId: clientRowId,
      userId,
      redirectUri: "https://app.example.com/callback",
      codeChallenge: "challenge",
      scopes: ["tasks:read"],
      resource: "http://localhost:3000/api",
      expiresAt: new Date(Date.now() + 60_000),
    });
  await getDb()
    .insert(oauthDeviceCode)
    .values({
      deviceCodeHash: deviceCode,
      userCode: randomUUID(),
      clientId: clientRowId,
      scopes: ["tasks:read"],
      resource: "http://localhost:3000/api",
      status: "approved",
      userId,
      intervalSeconds: 5,
      expiresAt: new Date(Date.now() + 600_000),
    });
  return {
    left: async () => ({
      authorizationCodes: (
        await getDb()
          .select()
          .from(oauthAuthorizationCode)
          .where(eq(oauthAuthorizationCode.codeHash, authorizationCode))
      ).length,
      deviceCodes: (
        await getDb()
          .select()
          .from(oauthDeviceCode)
          .where(eq(oauthDeviceCode.deviceCodeHash, deviceCode))
      ).length,
    }),
  };
}

describe("what ends every grant of an account", () => {
  it("a password reset with a mailed link, with the codes she consented to that no app redeemed", async () => {
    const alice = await createSignedInUser();
    const grant = await insertGrant(alice.user.id, (await insertClient()).id);
    const pending = await insertConsentedCodes(alice.user.id, (await insertClient()).id);
    await forgotPassword(
      jsonRequest("/api/auth/forgot-password", { body: { email: alice.email } }),
    );
    const [mail] = await waitForMails(alice.email, /reset/i);
    const token = /\/reset-password\?token=([\w-]+)/.exec(mail?.text ?? "")?.[1];
    const response = await resetPassword(
      jsonRequest("/api/auth/reset-password", {
        body: { token, password: "a brand new passphrase" },
      }),
    );
    expect(response.status).toBe(200);
    expect(await grantExists(grant.id)).toBe(false);
    expect(await pending.left()).toEqual({ authorizationCodes: 0, deviceCodes: 0 });
  });

  it("the first proof of the address, which keeps only the prover's own session", async () => {
    const alice = await createSignedInUser({ verified: false });
    const grant = await insertGrant(alice.user.id, (await insertClient()).id);
    const [own] = await getDb()
      .select({ id: session.id })
      .from(session)
      .where(and(eq(session.userId, alice.user.id), isNull(session.oauthClientId)));
    expect(
      await proveMailbox(getDb(), { userId: alice.user.id, keepSessionId: own?.id }),
    ).toMatchObject({ sessions: 1 });
    expect(await grantExists(grant.id)).toBe(false);
    expect(await grantExists(own?.id ?? "")).toBe(true);
  });

  it("the account's deletion, with the apps it registered and other people's grants to them", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const grant = await insertGrant(alice.user.id, (await insertClient()).id);
    const alicesApp = await insertClient({ ownerId: alice.user.id });
    const bobsGrant = await insertGrant(bob.user.id, alicesApp.id);
    const response = await deleteAccount(
      jsonRequest("/api/auth/delete-account", {
        body: { password: alice.password },
        headers: { cookie: alice.cookie },
      }),
    );
    expect(response.status).toBe(200);
    expect(await grantExists(grant.id)).toBe(false);
    expect(await grantExists(bobsGrant.id)).toBe(false);
    expect(
      await getDb().select().from(oauthClient).where(eq(oauthClient.id, alicesApp.id)),
    ).toEqual([]);
  });
});
