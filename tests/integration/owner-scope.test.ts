import { and, eq, sql } from "drizzle-orm";
import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { POST as logout } from "@/app/api/auth/logout/route";
import { type OwnerScope, requireOwner } from "@/lib/auth/core/guard";
import { getDb } from "@/lib/db/client";
import { session, user } from "@/lib/db/schema";
import { HttpError } from "@/lib/http/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { readJson } from "@/lib/http/read-json";
import { jsonNoStore } from "@/lib/http/responses";
import { createSignedInUser } from "../support/auth";
import { jsonRequest } from "../support/http";
import { isolateDatabase } from "../support/private-database";

/**
 * Safe by construction: a second owned resource, written the way a newcomer who has read only
 * the guard's doc comment (lib/auth/core/guard.ts) would write it. It calls nothing but
 * `requireOwner`, `scope.owns` and `scope.ownerValue`: no session check, no empty-answer check,
 * no error mapping of its own. The table exists only in this file's database.
 */
isolateDatabase();

const notes = pgTable("notes", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: text("user_id")
    .notNull()
    .references(() => user.id, { onDelete: "cascade" }),
  body: text("body").notNull(),
});

beforeAll(async () => {
  await getDb().execute(sql`create table notes (
    id uuid primary key default gen_random_uuid(),
    user_id text not null references "user"(id) on delete cascade,
    body text not null
  )`);
});

// --- the newcomer's notes module --------------------------------------------------------------
const noteColumns = { id: notes.id, body: notes.body };
// A real resource would add its own row to RATE_LIMITS; the task API's will do here.
const guard = (request: Request) => requireOwner(request, { limit: "tasks-user" });

const listNotes = (scope: OwnerScope) =>
  getDb().select(noteColumns).from(notes).where(scope.owns(notes.userId));

async function getNote(scope: OwnerScope, id: string) {
  const [note] = await getDb()
    .select(noteColumns)
    .from(notes)
    .where(and(scope.owns(notes.userId), eq(notes.id, id)));
  if (!note) throw new HttpError(404, "not_found", "Note not found");
  return note;
}

const notesRoute = {
  GET: handleRoute(async (request) => jsonNoStore(await listNotes(await guard(request)))),
  POST: handleRoute(async (request) => {
    const scope = await guard(request);
    const { body } = await readJson(request, z.strictObject({ body: z.string() }));
    const [note] = await getDb()
      .insert(notes)
      .values({ userId: scope.ownerValue(), body })
      .returning(noteColumns);
    return jsonNoStore(note, { status: 201 });
  }),
};

type Context = { params: Promise<{ id: string }> };
const noteRoute = {
  GET: handleRoute(async (request, { params }: Context) =>
    jsonNoStore(await getNote(await guard(request), (await params).id)),
  ),
  PATCH: handleRoute(async (request, { params }: Context) => {
    const scope = await guard(request);
    const { body } = await readJson(request, z.strictObject({ body: z.string() }));
    const [note] = await getDb()
      .update(notes)
      .set({ body })
      .where(and(scope.owns(notes.userId), eq(notes.id, (await params).id)))
      .returning(noteColumns);
    if (!note) throw new HttpError(404, "not_found", "Note not found");
    return jsonNoStore(note);
  }),
  DELETE: handleRoute(async (request, { params }: Context) => {
    const scope = await guard(request);
    const deleted = await getDb()
      .delete(notes)
      .where(and(scope.owns(notes.userId), eq(notes.id, (await params).id)))
      .returning(noteColumns);
    if (deleted.length === 0) throw new HttpError(404, "not_found", "Note not found");
    return new Response(null, { status: 204 });
  }),
};
// ----------------------------------------------------------------------------------------------

function notesOf(headers: Record<string, string>) {
  const call = (method: string, path: string, body?: unknown) =>
    jsonRequest(path, { method, body, headers });
  const params = (id: string) => ({ params: Promise.resolve({ id }) });
  return {
    list: () => notesRoute.GET(call("GET", "/notes")),
    add: (body: string) => notesRoute.POST(call("POST", "/notes", { body })),
    get: (id: string) => noteRoute.GET(call("GET", `/notes/${id}`), params(id)),
    edit: (id: string, body: string) =>
      noteRoute.PATCH(call("PATCH", `/notes/${id}`, { body }), params(id)),
    remove: (id: string) => noteRoute.DELETE(call("DELETE", `/notes/${id}`), params(id)),
  };
}

async function signedInWithNote(body: string) {
  const signedIn = await createSignedInUser();
  const api = notesOf(signedIn.headers);
  const added = await api.add(body);
  expect(added.status).toBe(201);
  return { ...signedIn, api, note: (await added.json()) as { id: string; body: string } };
}

const storedNotes = () => getDb().select().from(notes).orderBy(notes.body);

describe("an owned resource written only with the guard's scope", () => {
  it("shows each user their own notes and another user's as missing", async () => {
    const alice = await signedInWithNote("alice's secret");
    const bob = await createSignedInUser();
    const bobs = notesOf(bob.headers);

    expect(await (await alice.api.list()).json()).toEqual([alice.note]);
    expect(await (await alice.api.get(alice.note.id)).json()).toEqual(alice.note);

    expect(await (await bobs.list()).json()).toEqual([]);
    expect((await bobs.get(alice.note.id)).status).toBe(404);
    expect((await bobs.edit(alice.note.id, "bob was here")).status).toBe(404);
    expect((await bobs.remove(alice.note.id)).status).toBe(404);
    expect(await getNoteRow(alice.note.id)).toMatchObject({
      body: "alice's secret",
      userId: alice.user.id,
    });
  });

  it("answers 401 after sign-out and after a revocation, for every statement, with nothing changed", async () => {
    const signedOut = await signedInWithNote("before sign-out");
    expect(
      (await logout(jsonRequest("/api/auth/logout", { headers: signedOut.headers }))).status,
    ).toBe(200);
    const revoked = await signedInWithNote("before revocation");
    await getDb().delete(session).where(eq(session.userId, revoked.user.id));
    // A user with no notes at all: an empty answer must not pass for "signed in, nothing there".
    const empty = await createSignedInUser();
    await getDb().delete(session).where(eq(session.userId, empty.user.id));
    const before = await storedNotes();

    for (const { api, note } of [signedOut, revoked]) {
      const answers = {
        list: await api.list(),
        get: await api.get(note.id),
        "get, missing": await api.get("00000000-0000-4000-8000-000000000000"),
        add: await api.add("must not be stored"),
        edit: await api.edit(note.id, "must not change"),
        remove: await api.remove(note.id),
      };
      for (const [name, answer] of Object.entries(answers)) {
        expect(answer.status, name).toBe(401);
        expect((await answer.json()).error.code, name).toBe("unauthenticated");
      }
    }
    expect((await notesOf(empty.headers).list()).status).toBe(401);
    expect(await storedNotes()).toEqual(before);
  });

  it("answers 401 without a token, before any statement", async () => {
    const anonymous = notesOf({});
    expect((await anonymous.list()).status).toBe(401);
    expect((await anonymous.add("x")).status).toBe(401);
  });

  it("cannot be forged at run time from a scope it has", async () => {
    const alice = await createSignedInUser();
    const scope = await guard(jsonRequest("/notes", { method: "GET", headers: alice.headers }));
    const Scope = scope.constructor as new (...args: unknown[]) => OwnerScope;
    expect(() => new Scope(Symbol("owner scope"), "someone-else", undefined)).toThrow(
      "lib/auth/core/guard.ts",
    );
  });
});

async function getNoteRow(id: string) {
  const [row] = await getDb().select().from(notes).where(eq(notes.id, id));
  return row;
}

/**
 * The unsafe forms, refused by the compiler: `npm run typecheck` fails if any of these lines
 * compiles (each `@ts-expect-error` then has no error to expect). Never called.
 */
// biome-ignore lint/suspicious/noExportsInTest: exported to count as used; the compiler tests it
export function unsafeFormsTheCompilerRefuses(scope: OwnerScope) {
  // @ts-expect-error: a scope has no id to compare the owner column with.
  eq(notes.userId, scope.userId);
  // @ts-expect-error: a user id is not a scope.
  listNotes("someone-else's id");
  // @ts-expect-error: nor is an object shaped like one (its private fields make it nominal).
  listNotes({ owns: () => sql`true`, ownerValue: () => sql`'someone-else'` });
  // @ts-expect-error: the guard exports the scope's type, not its class.
  new OwnerScope();
  // @ts-expect-error: there is no maker from a bare id (ownerOf) to import from the guard.
  import("@/lib/auth/core/guard").then(({ ownerOf }) => ownerOf("someone-else"));
}
