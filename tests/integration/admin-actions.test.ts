import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/api/admin/audit/route";
import { POST as disableRoute, DELETE as enableRoute } from "@/app/api/admin/users/[id]/ban/route";
import { DELETE as deleteUserRoute } from "@/app/api/admin/users/[id]/route";
import { DELETE as endSessionsRoute } from "@/app/api/admin/users/[id]/sessions/route";
import { POST as resendRoute } from "@/app/api/admin/users/[id]/verification-email/route";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { GET as listTasks } from "@/app/api/tasks/route";
import { getDb } from "@/lib/db/client";
import { adminAction, session, user, verification } from "@/lib/db/schema";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { jsonRequest } from "../support/http";
import { waitForMails } from "../support/notices";
import { isolateDatabase } from "../support/private-database";

// The admin console's actions (lib/admin/users.ts): each refused to a non-admin, each recorded
// in the audit trail with the change, in one transaction. The trail and the trigger below are
// site-wide, so this file works on a database of its own.
isolateDatabase();

type Headers = Record<string, string>;
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const call = (method: string, path: string, headers: Headers, body?: unknown) =>
  jsonRequest(path, { method, headers, ...(body === undefined ? {} : { body }) });

const disable = (headers: Headers, id: string, body: unknown) =>
  disableRoute(call("POST", `/api/admin/users/${id}/ban`, headers, body), params(id));
const enable = (headers: Headers, id: string) =>
  enableRoute(call("DELETE", `/api/admin/users/${id}/ban`, headers), params(id));
const endSessions = (headers: Headers, id: string) =>
  endSessionsRoute(call("DELETE", `/api/admin/users/${id}/sessions`, headers), params(id));
const resend = (headers: Headers, id: string) =>
  resendRoute(call("POST", `/api/admin/users/${id}/verification-email`, headers), params(id));
const remove = (headers: Headers, id: string, body: unknown) =>
  deleteUserRoute(call("DELETE", `/api/admin/users/${id}`, headers, body), params(id));
const audit = (headers: Headers) => auditRoute(call("GET", "/api/admin/audit", headers));

const signIn = (email: string) =>
  login(jsonRequest("/api/auth/login", { body: { email, password: TEST_PASSWORD } }));
const whoAmI = (headers: Headers) => me(call("GET", "/api/auth/me", headers));
const refreshWith = (token: string) =>
  refresh(jsonRequest("/api/auth/refresh", { body: { refresh_token: token } }));

async function errorCode(response: Response, status: number) {
  expect(response.status).toBe(status);
  return (await response.json()).error.code;
}

async function auditRows(targetId: string) {
  return getDb()
    .select({ actorEmail: adminAction.actorEmail, action: adminAction.action })
    .from(adminAction)
    .where(eq(adminAction.targetId, targetId));
}

describe("who may act", () => {
  it("answers 401 without a token and 403 to a non-admin on every action, changing nothing", async () => {
    const member = await createSignedInUser();
    const target = await createSignedInUser();
    const actions = [
      (headers: Headers) => disable(headers, target.user.id, { reason: "spam" }),
      (headers: Headers) => enable(headers, target.user.id),
      (headers: Headers) => endSessions(headers, target.user.id),
      (headers: Headers) => resend(headers, target.user.id),
      (headers: Headers) => remove(headers, target.user.id, { confirmEmail: target.email }),
      (headers: Headers) => audit(headers),
    ];
    for (const action of actions) {
      expect(await errorCode(await action({}), 401)).toBe("unauthenticated");
      expect(await errorCode(await action(member.headers), 403)).toBe("forbidden");
    }
    expect((await whoAmI(target.headers)).status).toBe(200);
    expect(await auditRows(target.user.id)).toEqual([]);
  });
});

describe("disabling an account", () => {
  it("stops its access and refresh tokens at once, refuses its sign-in, until it is enabled", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const member = await createSignedInUser();
    const tasks = () => listTasks(call("GET", "/api/tasks", member.headers));
    expect((await tasks()).status).toBe(200);

    const disabled = await disable(admin.headers, member.user.id, { reason: "Sends spam" });
    expect(disabled.status).toBe(200);
    expect(await disabled.json()).toMatchObject({ disabled: true, banReason: "Sends spam" });
    expect((await whoAmI(member.headers)).status).toBe(401);
    expect((await tasks()).status).toBe(401);
    expect((await refreshWith(member.refreshToken)).status).toBe(401);
    expect(await errorCode(await signIn(member.email), 403)).toBe("account_disabled");
    expect(await auditRows(member.user.id)).toEqual([
      { actorEmail: admin.email, action: "user_disabled" },
    ]);

    expect((await enable(admin.headers, member.user.id)).status).toBe(200);
    expect((await signIn(member.email)).status).toBe(200);
  });

  it("ends by itself at the end date the admin gave", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const member = await createSignedInUser();
    const until = new Date(Date.now() + 60_000).toISOString();
    expect(
      (await disable(admin.headers, member.user.id, { reason: "cool off", until })).status,
    ).toBe(200);
    expect((await signIn(member.email)).status).toBe(403);
    await getDb()
      .update(user)
      .set({ banExpires: new Date(Date.now() - 1000) })
      .where(eq(user.id, member.user.id));
    expect((await signIn(member.email)).status).toBe(200);
  });

  it("refuses one's own account, an admin's, a past end date and a missing reason", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const other = await createSignedInUser({ role: "admin" });
    const member = await createSignedInUser();
    expect(await errorCode(await disable(admin.headers, admin.user.id, { reason: "x" }), 409)).toBe(
      "own_account",
    );
    expect(await errorCode(await disable(admin.headers, other.user.id, { reason: "x" }), 409)).toBe(
      "target_is_admin",
    );
    const past = new Date(Date.now() - 60_000).toISOString();
    for (const body of [{ reason: "x", until: past }, { reason: " " }, {}]) {
      expect(await errorCode(await disable(admin.headers, member.user.id, body), 400)).toBe(
        "validation_error",
      );
    }
    expect(await errorCode(await disable(admin.headers, "nobody", { reason: "x" }), 404)).toBe(
      "not_found",
    );
    expect((await whoAmI(member.headers)).status).toBe(200);
  });

  it("writes the audit row in the change's transaction: no row, no change", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const member = await createSignedInUser();
    const db = getDb();
    await db.execute(sql`create function refuse_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit refused'; end $$`);
    await db.execute(sql`create trigger refuse_audit before insert on admin_action
      for each row execute function refuse_audit()`);
    try {
      const response = await disable(admin.headers, member.user.id, { reason: "spam" });
      expect(response.status).toBe(500);
    } finally {
      await db.execute(sql`drop trigger refuse_audit on admin_action`);
      await db.execute(sql`drop function refuse_audit`);
    }
    const [row] = await db.select().from(user).where(eq(user.id, member.user.id));
    expect(row?.banned).toBe(false);
    expect(await db.$count(session, eq(session.userId, member.user.id))).toBe(1);
    expect((await whoAmI(member.headers)).status).toBe(200);
  });
});

describe("the other actions", () => {
  it("ends every session of a user: its tokens stop, its sign-in still works", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const member = await createSignedInUser();
    const ended = await endSessions(admin.headers, member.user.id);
    expect(await ended.json()).toEqual({ ended: 1 });
    expect((await whoAmI(member.headers)).status).toBe(401);
    expect((await refreshWith(member.refreshToken)).status).toBe(401);
    expect((await signIn(member.email)).status).toBe(200);
    expect(await auditRows(member.user.id)).toEqual([
      { actorEmail: admin.email, action: "sessions_ended" },
    ]);
  });

  it("resends the verification link to an unverified address only", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const member = await createSignedInUser({ verified: false });
    expect((await resend(admin.headers, member.user.id)).status).toBe(202);
    await waitForMails(member.email, /Verify your Taskflow email/, 2);
    await getDb().update(user).set({ emailVerified: true }).where(eq(user.id, member.user.id));
    expect(await errorCode(await resend(admin.headers, member.user.id), 409)).toBe(
      "already_verified",
    );
    expect(await auditRows(member.user.id)).toEqual([
      { actorEmail: admin.email, action: "verification_resent" },
    ]);
  });

  it("deletes a user once its email is typed again, never an admin, and keeps the trail", async () => {
    const admin = await createSignedInUser({ role: "admin" });
    const other = await createSignedInUser({ role: "admin" });
    const member = await createSignedInUser();
    const wrong = await remove(admin.headers, member.user.id, {
      confirmEmail: "someone@else.test",
    });
    expect(await errorCode(wrong, 400)).toBe("confirmation_mismatch");
    expect((await whoAmI(member.headers)).status).toBe(200);
    const anAdmin = await remove(admin.headers, other.user.id, { confirmEmail: other.email });
    expect(await errorCode(anAdmin, 409)).toBe("target_is_admin");

    // A trusted browser of the account: a `verification` row without a foreign key.
    await getDb()
      .insert(verification)
      .values({
        id: `trusted-${member.user.id}`,
        identifier: `trust-device-${member.user.id}`,
        value: member.user.id,
        expiresAt: new Date(Date.now() + 3600_000),
      });
    const removed = await remove(admin.headers, member.user.id, { confirmEmail: member.email });
    expect(removed.status).toBe(200);
    expect(await getDb().$count(user, eq(user.id, member.user.id))).toBe(0);
    expect(await getDb().$count(verification, eq(verification.value, member.user.id))).toBe(0);
    expect((await whoAmI(member.headers)).status).toBe(401);

    const trail = await audit(admin.headers);
    expect(trail.status).toBe(200);
    const { items } = await trail.json();
    expect(items[0]).toMatchObject({
      actorEmail: admin.email,
      action: "user_deleted",
      label: "Deleted the account",
      targetEmail: member.email,
    });
  });
});

describe("ids PostgreSQL cannot hold", () => {
  it.each([
    ["a NUL", "user\u0000id"],
    ["half a surrogate pair", "user\ud800id"],
  ])("name no user at any action: %s is a 404, never a 500", async (_, id) => {
    const admin = await createSignedInUser({ role: "admin" });
    for (const answer of [
      disable(admin.headers, id, { reason: "spam" }),
      enable(admin.headers, id),
      endSessions(admin.headers, id),
      resend(admin.headers, id),
      remove(admin.headers, id, { confirmEmail: "someone@example.com" }),
    ]) {
      expect(await errorCode(await answer, 404)).toBe("not_found");
    }
  });
});
