import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE as deleteUserRoute } from "@/app/api/admin/users/[id]/route";
import { POST as deleteAccountRoute } from "@/app/api/auth/delete-account/route";
import { DEVICE_CODE_GRANT } from "@/lib/auth/core/token-grants";
import { getDb } from "@/lib/db/client";
import { session } from "@/lib/db/schema";
import { pruneExpiredData } from "@/lib/maintenance/prune";
import { createSignedInUser } from "../../support/auth";
import { registeredAgo } from "../../support/grants";
import { jsonRequest, uniqueClientIp } from "../../support/http";
import { waitForLockWait } from "../../support/lock-wait";
import { isolateDatabase } from "../../support/private-database";
import { expectJson, workspaceApi } from "../../support/workspaces";
import {
  authorizationRequest,
  clientRow,
  consentedCallback,
  discover,
  postAsPage,
  postConsent,
  REDIRECT_URI,
  type RegisteredClient,
  registerClient,
  serveForThisFile,
  tokenRequest,
  type User,
} from "./harness";

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
});

// The prune deletes site-wide: other files' expired rows are not its to take.
isolateDatabase();

/**
 * A code's redemption, or a code's issue, racing the deletion of its app (the prune of apps nobody
 * allowed; an owner's deletion in Settings takes the same locks) or of its workspace. Deleting one
 * locks its row, then by cascade the codes and grants that reference it; each transaction of ours
 * that locks or writes a code or a grant takes those rows first (`lockGrantParents`), in that same
 * order, so whichever comes second waits for the first and both finish: PostgreSQL never aborts
 * one to break a deadlock (40P01, a 500), and no insert fails its foreign key. Each race is staged,
 * not hoped for: the test holds a lock so that one side stops half-way, holding what it has
 * locked, the other comes to wait behind it, and then the test lets go. Only separate backends
 * wait for each other's locks; the embedded database runs every statement in one queue, where
 * nothing races: these run on PostgreSQL (CI's postgres and neon suites; a `.postgres.test.ts`
 * file: vitest.config.ts).
 */
describe("codes and grants racing the deletion of their app, account or workspace", () => {
  const served = serveForThisFile();

  /** An app that registered itself 25 hours ago and that nobody allowed: the prune's to take. */
  async function unclaimedApp() {
    const client = await registerClient();
    await registeredAgo(client.clientId, 25);
    return client;
  }

  const deviceAuthorization = (form: Record<string, string>) =>
    fetch(`${served.current.origin}/api/oauth/device_authorization`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-real-ip": uniqueClientIp(),
      },
      body: new URLSearchParams(form),
    });

  type Query = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

  /** Runs `work` on a connection of the test's own, in a transaction rolled back after. */
  async function holding(work: (query: Query) => Promise<void>) {
    const connection = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await connection.connect();
    try {
      await connection.query("begin");
      await work((text, values) => connection.query(text, values));
    } finally {
      await connection.query("rollback");
      await connection.end();
    }
  }

  /**
   * A race staged for certain: on a connection of the test's own, `hold` takes what stops the
   * first request half-way; `first` starts, once it waits `second` does, and once both wait the
   * test lets go. Their answers, in that order.
   */
  async function staged<First, Second>(
    hold: (query: Query) => Promise<unknown>,
    [firstName, first]: [string, () => Promise<First>],
    [secondName, second]: [string, () => Promise<Second>],
  ): Promise<[First, Second]> {
    let answers: [First, Second] | undefined;
    await holding(async (query) => {
      await hold(query);
      const firstAnswer = first();
      await waitForLockWait(query, firstName);
      const secondAnswer = second();
      await waitForLockWait(query, secondName, 2);
      await query("rollback");
      answers = await Promise.all([firstAnswer, secondAnswer]);
    });
    if (!answers) throw new Error("the race never ran");
    return answers;
  }

  // Where a grant pauses, in this file's own database: each new session (a grant is one) first
  // takes an advisory lock shared, which a test holding it alone keeps waiting. The grant waits
  // there holding every row it has locked before, and no other statement waits.
  const GRANT_PAUSE = 8707;
  beforeAll(async () => {
    await getDb().execute(
      sql.raw(`create function pause_new_session() returns trigger language plpgsql as $$
          begin perform pg_advisory_xact_lock_shared(${GRANT_PAUSE}); return new; end $$`),
    );
    await getDb().execute(
      sql.raw(`create trigger pause_new_session before insert on session
          for each row execute function pause_new_session()`),
    );
  });
  const pauseGrants = (query: Query) => query("select pg_advisory_xact_lock($1)", [GRANT_PAUSE]);

  const prune = () =>
    pruneExpiredData(getDb(), { retentionDays: 90 }).then(
      (report) => report,
      (error: Error) => error,
    );

  type Prepare = (client: RegisteredClient, user: User) => Promise<() => Promise<Response>>;

  const GRANTS: Record<string, Prepare> = {
    "an authorization code redeemed": async (client, user) => {
      const config = await discover(served.current, client);
      const { callback, verifier } = await consentedCallback(served.current, config, user);
      return () =>
        tokenRequest(served.current, {
          grant_type: "authorization_code",
          code: callback.searchParams.get("code") ?? "",
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
          client_id: client.clientId,
        });
    },
    "a device code polled after Allow": async (client, user) => {
      const started = await deviceAuthorization({ client_id: client.clientId });
      const { device_code, user_code } = await started.json();
      const allowed = await postAsPage(served.current, "/api/oauth/device", user, {
        decision: "allow",
        user_code,
      });
      expect(allowed.status).toBe(303);
      return () =>
        tokenRequest(served.current, {
          grant_type: DEVICE_CODE_GRANT,
          device_code,
          client_id: client.clientId,
        });
    },
  };

  for (const [name, prepare] of Object.entries(GRANTS)) {
    it(`${name} first: gets its tokens and keeps the app`, async () => {
      const client = await unclaimedApp();
      const user = await createSignedInUser();
      const redeem = await prepare(client, user);
      const [answer, pruned] = await staged(
        pauseGrants,
        ["the grant", redeem],
        ["the prune", prune],
      );
      expect(pruned instanceof Error ? String(pruned.cause) : "pruned").toBe("pruned");
      expect(answer?.status, await answer?.clone().text()).toBe(200);
      expect(pruned).toMatchObject({ unclaimedClients: 0 });
      expect((await clientRow(client.clientId))?.grantedAt).toBeInstanceOf(Date);
    });
  }

  /**
   * A new account's shared workspace "Team", and an app's code for it, consented to but not yet
   * redeemed: `redeem` asks the token endpoint for its tokens.
   */
  async function workspaceCode() {
    const user = await createSignedInUser();
    const workspaces = workspaceApi(user.headers);
    const { id } = await expectJson<{ id: string }>(await workspaces.create({ name: "Team" }), 201);
    const client = await registerClient();
    const config = await discover(served.current, client);
    const { url, verifier } = await authorizationRequest(config);
    const consented = await postConsent(served.current, user, {
      ...Object.fromEntries(url.searchParams),
      workspace: id,
    });
    const code = new URL(consented.headers.get("location") ?? "").searchParams.get("code");
    const redeem = () =>
      tokenRequest(served.current, {
        grant_type: "authorization_code",
        code: code ?? "",
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
        client_id: client.clientId,
      });
    return { user, workspaces, id, redeem };
  }

  it("a workspace's code redeemed, then the workspace deleted: tokens, then no grant", async () => {
    const { workspaces, id, redeem } = await workspaceCode();
    const [answer, deleted] = await staged(
      pauseGrants,
      ["the grant", redeem],
      ["the workspace's deletion", () => workspaces.delete(id, { confirmName: "Team" })],
    );
    expect(answer?.status, await answer?.clone().text()).toBe(200);
    expect(deleted?.status, await deleted?.clone().text()).toBeLessThan(300);
    const grants = await getDb().select().from(session).where(eq(session.workspaceId, id));
    expect(grants).toEqual([]);
  });

  const ISSUES: Record<string, { prepare: Prepare; status: number; error: string }> = {
    "the consent's Allow": {
      prepare: async (client, user) => {
        const { url } = await authorizationRequest(await discover(served.current, client));
        return () => postConsent(served.current, user, url.searchParams);
      },
      status: 400,
      error: "invalid_authorization_request",
    },
    "a device authorization": {
      prepare: async (client) => () => deviceAuthorization({ client_id: client.clientId }),
      status: 401,
      error: "invalid_client",
    },
  };

  for (const [name, issue] of Object.entries(ISSUES)) {
    it(`the prune first, then ${name}: refused as for an app gone, never a 500`, async () => {
      const client = await unclaimedApp();
      const user = await createSignedInUser();
      // A code the app already has, for the test to hold: the prune's cascade stops there, the
      // app's row deleted and not yet committed.
      await consentedCallback(served.current, await discover(served.current, client), user);
      const request = await issue.prepare(client, user);
      const [pruned, answer] = await staged(
        async (query) => {
          await query(
            `select 1 from oauth_authorization_code
             where client_id = (select id from oauth_client where client_id = $1) for update`,
            [client.clientId],
          );
        },
        ["the prune", prune],
        [name, request],
      );
      expect(pruned).toMatchObject({ unclaimedClients: 1 });
      expect(answer?.status, await answer?.clone().text()).toBe(issue.status);
      const body = await (answer as Response).json();
      // The consent POST answers in our shape, the device endpoint in RFC 6749's.
      expect(body.error.code ?? body.error).toBe(issue.error);
      expect(await clientRow(client.clientId)).toBeUndefined();
    });
  }

  /**
   * Deleting an account (in Settings, or by an admin) races a code of that account's being
   * redeemed. Every deletion of an account locks the apps it registered, then its own row, then
   * its codes (lib/auth/account/account-deletion.ts); a redemption locks the app, the account,
   * the workspace, then the code: whichever comes second waits.
   */
  const deleteOwnAccount = (user: User) =>
    deleteAccountRoute(
      jsonRequest("/api/auth/delete-account", {
        body: { password: user.password },
        headers: { cookie: user.cookie },
      }),
    );
  const deleteByAdmin = (admin: User, target: User) =>
    deleteUserRoute(
      jsonRequest(`/api/admin/users/${target.user.id}`, {
        method: "DELETE",
        headers: admin.headers,
        body: { confirmEmail: target.email },
      }),
      { params: Promise.resolve({ id: target.user.id }) },
    );
  // The test holds the account's row (KEY SHARE), so the deletion stops before it; and the grant
  // pause, so a redemption that gets past every row stops at its grant.
  const holdAccount = (query: Query, user: User) =>
    query(`select 1 from "user" where id = $1 for key share`, [user.user.id]);

  for (const [name, prepare] of Object.entries(GRANTS)) {
    it(`an account deleting itself, then its own app's ${name}: deleted, the code refused`, async () => {
      const user = await createSignedInUser();
      const client = await registerClient({ ownerId: user.user.id });
      const redeem = await prepare(client, user);
      const [deleted, answer] = await staged(
        async (query) => {
          await holdAccount(query, user);
          await pauseGrants(query);
        },
        ["the deletion", () => deleteOwnAccount(user)],
        [name, redeem],
      );
      expect(deleted?.status, await deleted?.clone().text()).toBe(200);
      expect(answer?.status, await answer?.clone().text()).toBe(400);
      expect(await clientRow(client.clientId)).toBeUndefined();
    });

    it(`${name} first, then an admin deletes its account: tokens, then no grant`, async () => {
      const admin = await createSignedInUser({ role: "admin" });
      const user = await createSignedInUser();
      const client = await registerClient();
      const redeem = await prepare(client, user);
      const [answer, deleted] = await staged(
        pauseGrants,
        ["the grant", redeem],
        ["the admin's deletion", () => deleteByAdmin(admin, user)],
      );
      expect(deleted?.status, await deleted?.clone().text()).toBe(200);
      expect(answer?.status, await answer?.clone().text()).toBe(200);
      const grants = await getDb().select().from(session).where(eq(session.userId, user.user.id));
      expect(grants).toEqual([]);
    });
  }

  it("an account deleting itself, then its code for its workspace redeemed: no grant left", async () => {
    const { user, id, redeem } = await workspaceCode();
    const [deleted, answer] = await staged(
      async (query) => {
        await holdAccount(query, user);
        await pauseGrants(query);
      },
      ["the deletion", () => deleteOwnAccount(user)],
      ["the redemption", redeem],
    );
    expect(deleted?.status, await deleted?.clone().text()).toBe(200);
    // The account's row shared, the redemption may pass the waiting deletion: tokens, revoked.
    expect([200, 400], await answer?.clone().text()).toContain(answer?.status);
    const grants = await getDb().select().from(session).where(eq(session.workspaceId, id));
    expect(grants).toEqual([]);
  });
  it("its own app's device request allowed, then the account deleted: no 500", async () => {
    const user = await createSignedInUser();
    const client = await registerClient({ ownerId: user.user.id });
    const started = await deviceAuthorization({ client_id: client.clientId });
    const { user_code } = await started.json();
    // Where the answer pauses: having locked the device code's row, before writing it.
    const ANSWER_PAUSE = 8708;
    await getDb().execute(
      sql.raw(`create function pause_device_answer() returns trigger language plpgsql as $$
        begin perform pg_advisory_xact_lock_shared(${ANSWER_PAUSE}); return new; end $$`),
    );
    await getDb().execute(
      sql.raw(`create trigger pause_device_answer before update on oauth_device_code
        for each row execute function pause_device_answer()`),
    );
    let answers: [Response, Response] | undefined;
    try {
      answers = await staged(
        (query) => query("select pg_advisory_xact_lock($1)", [ANSWER_PAUSE]),
        [
          "the answer",
          () =>
            postAsPage(served.current, "/api/oauth/device", user, { decision: "allow", user_code }),
        ],
        ["the deletion", () => deleteOwnAccount(user)],
      );
    } finally {
      await getDb().execute(sql.raw("drop trigger pause_device_answer on oauth_device_code"));
      await getDb().execute(sql.raw("drop function pause_device_answer()"));
    }
    const [answer, deleted] = answers;
    // Allowed; its security event, written after, may find the account already gone: a 401.
    expect([303, 401], await answer?.clone().text()).toContain(answer?.status);
    expect(deleted?.status, await deleted?.clone().text()).toBe(200);
    expect(await clientRow(client.clientId)).toBeUndefined();
  });
});
