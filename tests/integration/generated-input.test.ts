import { eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as adminUser from "@/app/api/admin/users/[id]/route";
import * as adminUsers from "@/app/api/admin/users/route";
import * as betterAuth from "@/app/api/auth/[...all]/route";
import * as changeEmail from "@/app/api/auth/change-email/route";
import * as deleteAccount from "@/app/api/auth/delete-account/route";
import * as forgotPassword from "@/app/api/auth/forgot-password/route";
import * as login from "@/app/api/auth/login/route";
import * as logout from "@/app/api/auth/logout/route";
import * as refresh from "@/app/api/auth/refresh/route";
import * as register from "@/app/api/auth/register/route";
import * as resetPassword from "@/app/api/auth/reset-password/route";
import * as stats from "@/app/api/stats/route";
import * as task from "@/app/api/tasks/[id]/route";
import * as tasks from "@/app/api/tasks/route";
import { SERVED_ENDPOINTS } from "@/lib/auth/front-door/surface";
import { getDb } from "@/lib/db/client";
import { session, tasks as tasksTable, user } from "@/lib/db/schema";
import { createSignedInUser } from "../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp } from "../support/http";
import { taskApi } from "../support/tasks";
import { expectWellFormedAnswer } from "../support/well-formed";

// Generated input (fast-check) at every JSON endpoint: random JSON, strings with NUL, lone
// surrogates, control and direction characters, huge and odd numbers, year-0000 dates, and
// random query strings. Whatever arrives: never a 5xx, never a stack trace, an error answer in
// the one shape, and a refused request leaves the stored rows exactly as they were.

const RUNS = 30;

const nastyChar = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  fc.constantFrom(
    "\u0000",
    "\ud800",
    "\udfff",
    "\u0007",
    "\u001b",
    "\u202e",
    "\u2066",
    "\u0085",
    "\u009b",
    "\u200b",
    "\ufeff",
    "\n",
    "%",
    "_",
    "'",
    '"',
    "\\",
  ),
);
const nastyString = fc.oneof(
  fc.string({ unit: nastyChar, maxLength: 40 }),
  fc.constantFrom(
    "a\u0000b",
    "\ud800 half",
    "tab\u0009bell\u0007",
    "0000-01-01",
    "0000-12-31T00:00:00.000000Z",
    "9999-99-99",
    "-1",
    "1e400",
    "NaN",
    "null",
    "__proto__",
    "javascript:alert(1)",
    "x".repeat(6000),
  ),
);
const nastyValue = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, true, false, null),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
);

/** Bodies that name the endpoint's own fields (so validation, not only parsing, is exercised). */
const bodyWith = (keys: string[]) =>
  fc.oneof(
    fc.record(Object.fromEntries(keys.map((key) => [key, nastyValue])), { requiredKeys: [] }),
    fc.jsonValue(),
    fc.dictionary(nastyString, nastyValue, { maxKeys: 4 }),
  );

const rawBody = fc.oneof(
  bodyWith([]).map((value) => JSON.stringify(value) ?? "null"),
  fc.constantFrom("", "{", "[]", "null", '{"a":1,"a":2}', "1e400", `${"[".repeat(5000)}`, "\u0000"),
  nastyString,
);

const queryString = (keys: string[]) =>
  fc.oneof(
    fc
      .dictionary(fc.oneof(fc.constantFrom(...keys), nastyString), nastyString, { maxKeys: 4 })
      .map((query) => {
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(query)) params.append(key, value);
        return `?${params}`;
      }),
    fc.constantFrom(
      "?%00",
      "?q=%00",
      "?q=%ZZ",
      "?limit=1e400",
      "?cursor=%E0%A4%A",
      "?tz=%F0%9F",
      "?&&=&",
    ),
  );

type Handler = (
  request: Request,
  context: { params: Promise<{ id: string }> },
) => Promise<Response>;

let owner: Awaited<ReturnType<typeof createSignedInUser>>;
let admin: Awaited<ReturnType<typeof createSignedInUser>>;
let taskId: string;

beforeAll(async () => {
  owner = await createSignedInUser();
  admin = await createSignedInUser({ role: "admin" });
  const api = taskApi(owner.headers);
  taskId = (
    await api.createTask({ title: "Keep me", description: "as I am", dueDate: "2030-01-02" })
  ).id;
  await api.createTask({ title: "Me too", priority: "high" });
});

/** Everything a refused request must leave as it was: the users, their sessions and tasks. */
async function storedRows() {
  const db = getDb();
  const ids = [owner.user.id, admin.user.id];
  return {
    users: await db.select().from(user).where(inArray(user.id, ids)).orderBy(user.id),
    sessions: await db
      .select()
      .from(session)
      .where(inArray(session.userId, ids))
      .orderBy(session.id),
    tasks: await db
      .select()
      .from(tasksTable)
      .where(eq(tasksTable.userId, owner.user.id))
      .orderBy(tasksTable.id),
  };
}

type Target = {
  name: string;
  method: string;
  path: string;
  handler: Handler;
  fields: string[];
  /** A body the endpoint accepts, so that one bad field is all that is wrong with a variant. */
  valid?: Record<string, unknown>;
  auth?: "owner" | "admin";
};

/** Always tried, besides the generated ones: each field of the valid body set to each of these. */
const KNOWN_BAD = ["a\u0000b", "half \ud800", "bell\u0007", "0000-01-01"];

const knownBadBodies = (target: Target): [string][] =>
  target.fields.flatMap((key) =>
    KNOWN_BAD.map((value): [string] => [JSON.stringify({ ...target.valid, [key]: value })]),
  );

/** The valid body with one of its fields (or a field it does not know) made nasty. */
const oneBadField = (target: Target) =>
  fc
    .tuple(fc.constantFrom(...target.fields, "unexpected"), nastyValue)
    .map(([key, value]) => JSON.stringify({ ...target.valid, [key]: value }));

const params = { params: Promise.resolve({ id: "" }) };
const json: Target[] = [
  {
    name: "create task",
    method: "POST",
    path: "/api/tasks",
    handler: tasks.POST,
    fields: ["title", "description", "status", "priority", "dueDate", "userId"],
    valid: { title: "ok", description: "", priority: "low", dueDate: "2031-05-06" },
    auth: "owner",
  },
  {
    name: "update task",
    method: "PATCH",
    path: "/api/tasks/:task",
    handler: task.PATCH,
    fields: ["title", "description", "status", "priority", "dueDate", "version"],
    valid: { title: "ok", description: "d", dueDate: null },
    auth: "owner",
  },
  {
    name: "set role",
    method: "PATCH",
    path: "/api/admin/users/:owner",
    handler: adminUser.PATCH,
    fields: ["role"],
    valid: { role: "user" },
    auth: "admin",
  },
  {
    name: "register",
    method: "POST",
    path: "/api/auth/register",
    handler: register.POST,
    fields: ["email", "password", "name"],
    valid: { email: "fuzz@example.test", password: "fuzz password 1", name: "Fuzz" },
  },
  {
    name: "login",
    method: "POST",
    path: "/api/auth/login",
    handler: login.POST,
    fields: ["email", "password"],
    valid: { email: "fuzz@example.test", password: "fuzz password 1" },
  },
  {
    name: "refresh",
    method: "POST",
    path: "/api/auth/refresh",
    handler: refresh.POST,
    fields: ["refresh_token"],
  },
  {
    name: "logout",
    method: "POST",
    path: "/api/auth/logout",
    handler: logout.POST,
    fields: ["refresh_token"],
  },
  {
    name: "forgot password",
    method: "POST",
    path: "/api/auth/forgot-password",
    handler: forgotPassword.POST,
    fields: ["email"],
  },
  {
    name: "reset password",
    method: "POST",
    path: "/api/auth/reset-password",
    handler: resetPassword.POST,
    fields: ["token", "password", "newPassword"],
  },
  {
    name: "delete account",
    method: "POST",
    path: "/api/auth/delete-account",
    handler: deleteAccount.POST,
    fields: ["password"],
    auth: "owner",
  },
  {
    name: "Better Auth sign-up",
    method: "POST",
    path: "/api/auth/sign-up/email",
    handler: betterAuth.POST,
    fields: ["name", "email", "password", "image", "callbackURL"],
    valid: { email: "fuzz2@example.test", password: "fuzz password 1", name: "Fuzz" },
  },
  {
    name: "Better Auth sign-in",
    method: "POST",
    path: "/api/auth/sign-in/email",
    handler: betterAuth.POST,
    fields: ["email", "password", "rememberMe"],
    valid: { email: "fuzz2@example.test", password: "fuzz password 1" },
  },
  {
    name: "Better Auth update-user",
    method: "POST",
    path: "/api/auth/update-user",
    handler: betterAuth.POST,
    fields: ["name", "image"],
    valid: { name: "Owner" },
    auth: "owner",
  },
  {
    name: "Better Auth change-password",
    method: "POST",
    path: "/api/auth/change-password",
    handler: betterAuth.POST,
    fields: ["currentPassword", "newPassword", "revokeOtherSessions"],
    valid: { currentPassword: "not the password", newPassword: "a new password 1" },
    auth: "owner",
  },
  {
    name: "Better Auth reset request",
    method: "POST",
    path: "/api/auth/request-password-reset",
    handler: betterAuth.POST,
    fields: ["email", "redirectTo"],
  },
  {
    name: "Better Auth verification resend",
    method: "POST",
    path: "/api/auth/send-verification-email",
    handler: betterAuth.POST,
    fields: ["email", "callbackURL"],
  },
  {
    name: "Better Auth passkey sign-in",
    method: "POST",
    path: "/api/auth/passkey/verify-authentication",
    handler: betterAuth.POST,
    fields: ["response"],
    valid: { response: { id: "AAAA", rawId: "AAAA", type: "public-key", response: {} } },
  },
  {
    name: "Better Auth passkey registration",
    method: "POST",
    path: "/api/auth/passkey/verify-registration",
    handler: betterAuth.POST,
    fields: ["response", "name", "createSession"],
    auth: "owner",
  },
  {
    name: "Better Auth passkey rename",
    method: "POST",
    path: "/api/auth/passkey/update-passkey",
    handler: betterAuth.POST,
    fields: ["id", "name"],
    valid: { id: "AAAA", name: "Laptop" },
    auth: "owner",
  },
  {
    name: "Better Auth passkey removal",
    method: "POST",
    path: "/api/auth/passkey/delete-passkey",
    handler: betterAuth.POST,
    fields: ["id"],
    auth: "owner",
  },
  {
    name: "change email",
    method: "POST",
    path: "/api/auth/change-email",
    handler: changeEmail.POST,
    fields: ["email", "password"],
    auth: "owner",
  },
];

const queries: Target[] = [
  {
    name: "list tasks",
    method: "GET",
    path: "/api/tasks",
    handler: tasks.GET,
    fields: ["status", "priority", "q", "due", "tz", "sort", "limit", "cursor"],
    auth: "owner",
  },
  {
    name: "statistics",
    method: "GET",
    path: "/api/stats",
    handler: stats.GET,
    fields: ["tz"],
    auth: "owner",
  },
  {
    name: "admin users",
    method: "GET",
    path: "/api/admin/users",
    handler: adminUsers.GET,
    fields: ["limit", "cursor"],
    auth: "admin",
  },
  {
    name: "Better Auth passkey options",
    method: "GET",
    path: "/api/auth/passkey/generate-register-options",
    handler: betterAuth.GET,
    fields: ["authenticatorAttachment", "name", "context"],
    auth: "owner",
  },
  {
    name: "Better Auth get-session",
    method: "GET",
    path: "/api/auth/get-session",
    handler: betterAuth.GET,
    fields: ["disableCookieCache", "disableRefresh"],
    auth: "owner",
  },
];

function requestFor(target: Target, init: { body?: string; query?: string }) {
  const path = target.path.replace(":task", taskId).replace(":owner", owner.user.id);
  const credentials = target.auth === "admin" ? admin : target.auth === "owner" ? owner : undefined;
  // One client IP per endpoint: past its limit, the rest of the run is answered 429 (as cheap as
  // an attacker's flood would be), which must hold as well as every other answer.
  const request = new Request(new URL(`${path}${init.query ?? ""}`, TEST_ORIGIN), {
    method: target.method,
    headers: {
      "content-type": "application/json",
      origin: TEST_ORIGIN,
      "x-real-ip": ipFor(target.name),
      ...(credentials && { authorization: `Bearer ${credentials.accessToken}` }),
    },
    body: init.body,
  });
  const id = target.path.includes(":task") ? taskId : owner.user.id;
  return target.handler(request, { ...params, params: Promise.resolve({ id }) });
}

const ips = new Map<string, string>();
const ipFor = (name: string) => {
  if (!ips.has(name)) ips.set(name, uniqueClientIp());
  return ips.get(name) as string;
};

/**
 * Every Better Auth endpoint the front door serves, whether or not it is listed above: a new one
 * (a plugin's, say) is fuzzed from the day it is served, with its own body schema's fields.
 * Each gets an account of its own, since a generated body may be a valid sign-out or disable.
 */
const listed = new Set([...json, ...queries].map((target) => target.path));
const servedTargets = Object.entries(SERVED_ENDPOINTS)
  .filter(([path]) => !listed.has(`/api/auth${path}`))
  .map(([path, endpoint]) => ({
    path: `/api/auth${path.replace(/:\w+/g, "x")}`,
    method: endpoint.method,
    caller: endpoint.caller,
    fields: bodyFields(endpoint.body),
  }));

function bodyFields(schema: (typeof SERVED_ENDPOINTS)[string]["body"]): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

describe("generated input at every served Better Auth endpoint", () => {
  for (const target of servedTargets) {
    it(`never answers 5xx to ${target.method} ${target.path}`, async () => {
      const account = target.caller === "signed-in" ? await createSignedInUser() : undefined;
      const ip = uniqueClientIp();
      const send = (init: { body?: string; query?: string }) =>
        (target.method === "GET" ? betterAuth.GET : betterAuth.POST)(
          new Request(new URL(`${target.path}${init.query ?? ""}`, TEST_ORIGIN), {
            method: target.method,
            headers: {
              "content-type": "application/json",
              origin: TEST_ORIGIN,
              "x-real-ip": ip,
              ...(account && { authorization: `Bearer ${account.accessToken}` }),
            },
            body: target.method === "GET" ? undefined : init.body,
          }),
        );
      const input =
        target.method === "GET"
          ? queryString([...target.fields, "id", "callbackURL"]).map((query) => ({ query }))
          : fc
              .oneof(
                bodyWith(target.fields).map((value) => JSON.stringify(value) ?? "null"),
                rawBody,
              )
              .map((body) => ({ body }));
      await fc.assert(
        fc.asyncProperty(input, async (init) => {
          await expectWellFormedAnswer(await send(init));
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("generated input", () => {
  for (const target of json) {
    it(`never answers 5xx to ${target.name} (${target.method} ${target.path}) and changes nothing it refuses`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            oneBadField(target),
            oneBadField(target),
            bodyWith(target.fields).map((value) => JSON.stringify(value) ?? "null"),
            rawBody,
          ),
          async (body) => {
            const before = await storedRows();
            const response = await requestFor(target, { body });
            const refused = response.status >= 400;
            await expectWellFormedAnswer(response);
            if (refused) expect(await storedRows()).toEqual(before);
          },
        ),
        // Examples count within numRuns (fast-check): RUNS generated bodies come after them all.
        { numRuns: RUNS + knownBadBodies(target).length, examples: knownBadBodies(target) },
      );
    });
  }

  for (const target of queries) {
    it(`never answers 5xx to ${target.name} (${target.method} ${target.path}) for any query string`, async () => {
      await fc.assert(
        fc.asyncProperty(queryString(target.fields), async (query) => {
          await expectWellFormedAnswer(await requestFor(target, { query }));
        }),
        {
          numRuns: RUNS + target.fields.length * KNOWN_BAD.length,
          examples: target.fields.flatMap((key) =>
            KNOWN_BAD.map((value): [string] => [`?${new URLSearchParams({ [key]: value })}`]),
          ),
        },
      );
    });
  }
});

// Characters that show nothing, those that reorder what is shown, and C1 controls.
const invisible = fc.constantFrom(
  " ",
  "\u00a0",
  "\u00ad",
  "\u034f",
  "\u061c",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u2060",
  "\u3164",
  "\ufe0f",
  "\ufeff",
);
const reordering = fc.constantFrom(
  ..."\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069".split(""),
);
const c1Control = fc.integer({ min: 0x80, max: 0x9f }).map((code) => String.fromCharCode(code));
const visible = fc.string({ unit: fc.constantFrom(..."abc XYZ é中"), minLength: 1, maxLength: 8 });
const onlyInvisible = fc.string({ unit: invisible, minLength: 1, maxLength: 12 });
const withTrick = fc
  .tuple(fc.string({ maxLength: 6 }), fc.oneof(reordering, c1Control), visible)
  .map((parts) => parts.join(""));

describe("text without invisible tricks, in every name and title", () => {
  const createTask = (title: string) =>
    tasks.POST(jsonRequest("/api/tasks", { body: { title }, headers: owner.headers }));
  const rename = (name: string) =>
    betterAuth.POST(
      jsonRequest("/api/auth/update-user", { body: { name }, headers: owner.headers }),
    );

  async function expectRefused(response: Response, field: string) {
    expect(response.status).toBe(400);
    expect(Object.keys((await response.json()).error.fields ?? {})).toContain(field);
  }

  it("refuses a title or a name that shows nothing", async () => {
    await fc.assert(
      fc.asyncProperty(onlyInvisible, async (text) => {
        const before = await storedRows();
        await expectRefused(await createTask(text), "title");
        await expectRefused(await rename(text), "name");
        expect(await storedRows()).toEqual(before);
      }),
      { numRuns: RUNS, examples: [["\u202e\u200b"], ["\u200b"], ["\ufeff \u200d"]] },
    );
  });

  it("refuses reordering and C1 control characters anywhere in a title or a name", async () => {
    await fc.assert(
      fc.asyncProperty(withTrick, async (text) => {
        await expectRefused(await createTask(text), "title");
        await expectRefused(await rename(text), "name");
      }),
      { numRuns: RUNS, examples: [["\u202enimda\u0085"], ["Invoice \u2066fdp.exe\u2069"]] },
    );
  });

  it("keeps visible text with directional marks and joiners as typed", async () => {
    await fc.assert(
      fc.asyncProperty(
        visible,
        fc.string({ unit: invisible, maxLength: 3 }),
        async (text, marks) => {
          const title = `${text}${marks}x`;
          const response = await createTask(title);
          expect(response.status).toBe(201);
          expect((await response.json()).title).toBe(title.trim());
        },
      ),
      {
        numRuns: RUNS,
        examples: [
          ["שלום", "\u200f"],
          ["a", "\u200d"],
        ],
      },
    );
  });
});
