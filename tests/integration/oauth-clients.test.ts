import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DELETE as deleteClientRoute } from "@/app/api/oauth/clients/[clientId]/route";
import { POST as renewSecretRoute } from "@/app/api/oauth/clients/[clientId]/secret/route";
import { GET as listClientsRoute, POST as registerRoute } from "@/app/api/oauth/clients/route";
import { clientSecretMatches } from "@/lib/auth/oauth/client-credentials";
import { MAX_OAUTH_CLIENTS } from "@/lib/auth/oauth/owned-client-rules";
import { getDb } from "@/lib/db/client";
import { oauthClient } from "@/lib/db/schema";
import { createSignedInUser } from "../support/auth";
import { grantExists, insertClient, insertGrant } from "../support/grants";
import { jsonRequest } from "../support/http";
import { importWithEnv, restoreEnv } from "../support/isolation";
import { expectDocumented } from "../support/openapi";
import { activityLabels } from "../support/security-activity";

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
});

type SignedIn = Awaited<ReturnType<typeof createSignedInUser>>;
type Registered = {
  client: { clientId: string; type: string; users: number; redirectUris: string[] };
  clientSecret?: string;
};

const register = (
  owner: SignedIn,
  body: Record<string, unknown>,
  headers: Record<string, string> = { cookie: owner.cookie },
) => registerRoute(jsonRequest("/api/oauth/clients", { body, headers }));

async function registered(owner: SignedIn, type: "confidential" | "public" = "confidential") {
  const response = await register(owner, {
    name: "Sync tool",
    redirectUris: ["https://sync.example.com/callback", "http://127.0.0.1/callback"],
    type,
  });
  expect(response.status).toBe(201);
  await expectDocumented("post", "/api/oauth/clients", response);
  return (await response.json()) as Registered;
}

const listed = async (owner: SignedIn) => {
  const response = await listClientsRoute(
    jsonRequest("/api/oauth/clients", { method: "GET", headers: { cookie: owner.cookie } }),
  );
  expect(response.status).toBe(200);
  await expectDocumented("get", "/api/oauth/clients", response);
  return (await response.json()).clients as Registered["client"][];
};

const remove = (owner: SignedIn, clientId: string) =>
  deleteClientRoute(
    jsonRequest(`/api/oauth/clients/${clientId}`, {
      method: "DELETE",
      headers: { cookie: owner.cookie },
    }),
    { params: Promise.resolve({ clientId }) },
  );

const renew = (owner: SignedIn, clientId: string) =>
  renewSecretRoute(
    jsonRequest(`/api/oauth/clients/${clientId}/secret`, { headers: { cookie: owner.cookie } }),
    { params: Promise.resolve({ clientId }) },
  );

const storedClient = async (clientId: string) =>
  (await getDb().select().from(oauthClient).where(eq(oauthClient.clientId, clientId)))[0];

afterEach(() => restoreEnv());

describe("OAuth apps registered in Settings", () => {
  it("a confidential app gets a secret shown once and stored only as a hash", async () => {
    const alice = await createSignedInUser();
    const { client, clientSecret = "" } = await registered(alice);
    expect(client.clientId).toMatch(/^tfc_[A-Za-z0-9_-]{22}$/);
    expect(clientSecret).toMatch(/^tfcs_[A-Za-z0-9_-]{43}$/);
    expect(client).toMatchObject({ type: "confidential", users: 0 });

    const row = await storedClient(client.clientId);
    expect(row?.ownerId).toBe(alice.user.id);
    expect(row?.secretHash).not.toContain(clientSecret);
    expect(clientSecretMatches(clientSecret, row?.secretHash ?? "")).toBe(true);

    const [shown] = await listed(alice);
    expect(shown?.clientId).toBe(client.clientId);
    expect(JSON.stringify(shown)).not.toContain(clientSecret);
    expect(JSON.stringify(shown)).not.toContain(row?.secretHash);
    expect(await activityLabels(alice.user.id)).toContain(
      "An app was registered in Developer apps",
    );
  });

  it("a public app has no secret, and none to renew", async () => {
    const alice = await createSignedInUser();
    const { client, clientSecret } = await registered(alice, "public");
    expect(clientSecret).toBeUndefined();
    expect(client.type).toBe("public");
    expect((await storedClient(client.clientId))?.secretHash).toBeNull();
    const response = await renew(alice, client.clientId);
    expect(response.status).toBe(404);
    expect((await storedClient(client.clientId))?.secretHash).toBeNull();
  });

  it("a new secret replaces the old one, which stops matching at once", async () => {
    const alice = await createSignedInUser();
    const { client, clientSecret: old = "" } = await registered(alice);
    const response = await renew(alice, client.clientId);
    expect(response.status).toBe(200);
    await expectDocumented("post", "/api/oauth/clients/{clientId}/secret", response);
    const { clientSecret: fresh } = (await response.json()) as { clientSecret: string };
    expect(fresh).not.toBe(old);
    const hash = (await storedClient(client.clientId))?.secretHash ?? "";
    expect(clientSecretMatches(fresh, hash)).toBe(true);
    expect(clientSecretMatches(old, hash)).toBe(false);
    expect(await activityLabels(alice.user.id)).toContain("A registered app got a new secret");
  });

  it("deleting an app ends every grant to it; it counts its users until then", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const { client } = await registered(alice);
    const row = await storedClient(client.clientId);
    const grants = [
      await insertGrant(alice.user.id, row?.id ?? ""),
      await insertGrant(bob.user.id, row?.id ?? ""),
      await insertGrant(bob.user.id, row?.id ?? ""),
    ];
    expect((await listed(alice))[0]?.users).toBe(2);

    const response = await remove(alice, client.clientId);
    expect(response.status).toBe(204);
    for (const grant of grants) expect(await grantExists(grant.id)).toBe(false);
    expect(await storedClient(client.clientId)).toBeUndefined();
    expect(await listed(alice)).toEqual([]);
    expect(await activityLabels(alice.user.id)).toContain(
      "A registered app was deleted, with every grant to it",
    );
  });

  it("another account's app, a self-registered app and a malformed id are all 404", async () => {
    const alice = await createSignedInUser();
    const mallory = await createSignedInUser();
    const { client } = await registered(alice);
    const dynamic = await insertClient({ ownerId: null });
    for (const clientId of [client.clientId, dynamic.clientId, "tfc_nope", "x".repeat(300)]) {
      const deleted = await remove(mallory, clientId);
      expect(deleted.status, clientId).toBe(404);
      await expectDocumented("delete", "/api/oauth/clients/{clientId}", deleted);
      expect((await renew(mallory, clientId)).status, clientId).toBe(404);
    }
    expect(await storedClient(client.clientId)).toBeDefined();
    expect(await storedClient(dynamic.clientId)).toBeDefined();
    expect(await listed(mallory)).toEqual([]);
  });

  it("refuses a bad name, bad redirect URIs and an unknown type, naming the field", async () => {
    const alice = await createSignedInUser();
    const good = { name: "App", redirectUris: ["https://a.example.com/cb"], type: "public" };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, name: "  " }, "name"],
      [{ ...good, name: "x".repeat(101) }, "name"],
      [{ ...good, name: "two\nlines" }, "name"],
      [{ ...good, redirectUris: [] }, "redirectUris"],
      [{ ...good, redirectUris: ["http://example.com/cb"] }, "redirectUris.0"],
      [{ ...good, redirectUris: ["https://a.example.com/cb#x"] }, "redirectUris.0"],
      [{ ...good, redirectUris: ["javascript:alert(1)"] }, "redirectUris.0"],
      [
        {
          ...good,
          redirectUris: Array.from({ length: 11 }, (_, i) => `https://a.example.com/${i}`),
        },
        "redirectUris",
      ],
      [
        { ...good, redirectUris: ["https://a.example.com/cb", "https://a.example.com/cb"] },
        "redirectUris",
      ],
      [{ ...good, type: "secret" }, "type"],
      [{ ...good, secretHash: "mine" }, ""],
    ];
    for (const [body, field] of cases) {
      const response = await register(alice, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await response.json()).error.fields), JSON.stringify(body)).toContain(
        field,
      );
    }
    expect(await listed(alice)).toEqual([]);
  });

  it("needs a confirmed address, and caps the apps of an account", async () => {
    const unproven = await createSignedInUser({ verified: false });
    const refused = await register(unproven, {
      name: "App",
      redirectUris: ["https://a.example.com/cb"],
      type: "public",
    });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("address_not_proven");

    const alice = await createSignedInUser();
    for (let n = 0; n < MAX_OAUTH_CLIENTS; n++) await insertClient({ ownerId: alice.user.id });
    const response = await register(alice, {
      name: "One too many",
      redirectUris: ["https://a.example.com/cb"],
      type: "public",
    });
    expect(response.status).toBe(409);
    await expectDocumented("post", "/api/oauth/clients", response);
  });

  it("limits registrations per user (RATE_LIMIT_OAUTH_CLIENT_USER)", async () => {
    const { POST } = await importWithEnv(() => import("@/app/api/oauth/clients/route"), {
      RATE_LIMIT_OAUTH_CLIENT_USER: "2/1h",
    });
    const alice = await createSignedInUser();
    const body = { name: "App", redirectUris: ["https://a.example.com/cb"], type: "public" };
    const statuses = [];
    for (let n = 0; n < 3; n++) {
      statuses.push(
        (await POST(jsonRequest("/api/oauth/clients", { body, headers: { cookie: alice.cookie } })))
          .status,
      );
    }
    expect(statuses).toEqual([201, 201, 429]);
  });

  it("takes no API key and no sign-in at all: only a person's own session manages apps", async () => {
    const alice = await createSignedInUser();
    const body = { name: "App", redirectUris: ["https://a.example.com/cb"], type: "public" };
    const anonymous = await registerRoute(jsonRequest("/api/oauth/clients", { body }));
    expect(anonymous.status).toBe(401);
    const withKey = await register(alice, body, { authorization: `Bearer tfk_${"a".repeat(43)}` });
    expect(withKey.status).toBe(403);
    expect(await listed(alice)).toEqual([]);
  });

  it("answers 404 to everyone while OAUTH_PROVIDER is off", async () => {
    const { GET, POST } = await importWithEnv(() => import("@/app/api/oauth/clients/route"), {
      OAUTH_PROVIDER: "off",
    });
    const alice = await createSignedInUser();
    const listing = await GET(
      jsonRequest("/api/oauth/clients", { method: "GET", headers: { cookie: alice.cookie } }),
    );
    expect(listing.status).toBe(404);
    const body = { name: "App", redirectUris: ["https://a.example.com/cb"], type: "public" };
    const creating = await POST(
      jsonRequest("/api/oauth/clients", { body, headers: { cookie: alice.cookie } }),
    );
    expect(creating.status).toBe(404);
  });
});
