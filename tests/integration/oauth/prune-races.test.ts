import pg from "pg";
import { describe, expect, inject, it, vi } from "vitest";
import { DEVICE_CODE_GRANT } from "@/lib/auth/core/token-grants";
import { getDb } from "@/lib/db/client";
import { pruneExpiredData } from "@/lib/maintenance/prune";
import { createSignedInUser } from "../../support/auth";
import { registeredAgo } from "../../support/grants";
import { uniqueClientIp } from "../../support/http";
import { waitForLockWait } from "../../support/lock-wait";
import { isolateDatabase } from "../../support/private-database";
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
 * An app's first grant, or a code issued to it, racing the prune of apps nobody allowed, which
 * deletes the app's row and then, by cascade, its codes and grants. Each transaction of ours that
 * writes such a row takes the app's row first (`lockClient`), in that same order, so whichever
 * comes second waits for the first and both finish: PostgreSQL never aborts one to break a
 * deadlock (40P01, a 500), and no insert fails its foreign key. Each race is staged, not hoped
 * for: a connection of the test holds one row so that one side stops half-way, holding what it
 * has locked, the other comes to wait behind it, and then the test lets go. Only separate
 * backends wait for each other's row locks; the embedded database runs every statement in one
 * queue, where nothing races: these run on PostgreSQL (CI's postgres and neon suites).
 */
describe.skipIf(inject("databaseKind") !== "postgres")(
  "an app's codes and grants racing the prune of its unclaimed app",
  () => {
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
        let answer: Response | undefined;
        let pruned: Awaited<ReturnType<typeof prune>> | undefined;
        await holding(async (query) => {
          // The grant stops at its session's foreign key to the user (held here, as an admin's
          // change to the account would hold it), holding what it locked before: its code, and
          // its app if it took that first. PostgreSQL checks that key before the one to the app
          // (in trigger name order: the older constraint's first), or the stop would come late.
          const { rows } = await query(
            `select c.conname from pg_trigger t join pg_constraint c on c.oid = t.tgconstraint
           where t.tgrelid = 'session'::regclass and t.tgfoid = '"RI_FKey_check_ins"'::regproc
           order by t.tgname limit 1`,
          );
          expect(rows).toEqual([{ conname: "session_user_id_user_id_fk" }]);
          await query(`select 1 from "user" where id = $1 for update`, [user.user.id]);
          const answering = redeem();
          await waitForLockWait(query, "the grant");
          const pruning = prune();
          await waitForLockWait(query, "the prune", 2);
          await query("rollback");
          [answer, pruned] = await Promise.all([answering, pruning]);
        });
        expect(pruned instanceof Error ? String(pruned.cause) : "pruned").toBe("pruned");
        expect(answer?.status, await answer?.clone().text()).toBe(200);
        expect(pruned).toMatchObject({ unclaimedClients: 0 });
        expect((await clientRow(client.clientId))?.grantedAt).toBeInstanceOf(Date);
      });
    }

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
        let answer: Response | undefined;
        let pruned: Awaited<ReturnType<typeof prune>> | undefined;
        await holding(async (query) => {
          await query(
            `select 1 from oauth_authorization_code
           where client_id = (select id from oauth_client where client_id = $1) for update`,
            [client.clientId],
          );
          const pruning = prune();
          await waitForLockWait(query, "the prune");
          const answering = request();
          await waitForLockWait(query, name, 2);
          await query("rollback");
          [answer, pruned] = await Promise.all([answering, pruning]);
        });
        expect(pruned).toMatchObject({ unclaimedClients: 1 });
        expect(answer?.status, await answer?.clone().text()).toBe(issue.status);
        const body = await (answer as Response).json();
        // The consent POST answers in our shape, the device endpoint in RFC 6749's.
        expect(body.error.code ?? body.error).toBe(issue.error);
        expect(await clientRow(client.clientId)).toBeUndefined();
      });
    }
  },
);
