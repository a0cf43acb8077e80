import { eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as apiKey from "@/app/api/auth/api-keys/[id]/route";
import * as apiKeys from "@/app/api/auth/api-keys/route";
import * as connectedApp from "@/app/api/auth/connected-apps/[id]/route";
import * as signIn from "@/app/api/auth/sessions/[id]/route";
import * as mcp from "@/app/api/mcp/route";
import * as ownedClient from "@/app/api/oauth/clients/[clientId]/route";
import * as clientSecret from "@/app/api/oauth/clients/[clientId]/secret/route";
import * as ownedClients from "@/app/api/oauth/clients/route";
import * as registration from "@/app/api/oauth/register/route";
import { DEVICE_CODE_GRANT, OAUTH_TOKEN_ENDPOINT_GRANTS } from "@/lib/auth/core/token-grants";
import { AUTHORIZATION_PARAMETERS } from "@/lib/auth/oauth/authorization-request";
import { getDb } from "@/lib/db/client";
import {
  apiKey as apiKeyTable,
  oauthAuthorizationCode,
  oauthClient,
  oauthDeviceCode,
  session,
  tasks,
  user as userTable,
} from "@/lib/db/schema";
import { resourceUrl } from "@/lib/http/protected-resources";
import type { Operation } from "@/lib/openapi/document";
import { createSignedInUser } from "../../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp } from "../../support/http";
import { expectDocumented } from "../../support/openapi";
import {
  authorizationRequest,
  authorizePage,
  consentedCallback,
  discover,
  postAsPage,
  REDIRECT_URI,
  type RegisteredClient,
  registerClient,
  serveForThisFile,
  tokenRequest,
  type User,
} from "./harness";

// Generated input (fast-check) at the authorization server, API keys and MCP: random fields and
// values, every hostile text in every field on every run, duplicate parameters, the wrong content
// type, garbage client credentials, hostile ids and query strings. Whatever arrives: never a 5xx,
// never a stack trace, an answer the OpenAPI document lists for the route in the shape it lists
// (RFC 6749's `{ error, error_description }` where the route answers OAuth clients, ours
// elsewhere, JSON-RPC at MCP), and a refused request leaves the stored rows exactly as they were.

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
  process.env.API_KEYS = "on";
});

// The consent page reads its user from the request's headers; outside Next.js there is no
// request, so the page is handed the signed-in user's cookies as Next.js would hand them on.
const pageRequest = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => pageRequest.headers }));

const RUNS = 20;

// Texts PostgreSQL refuses or misreads, or that break a parser: each is tried in every field of
// every endpoint on every run, besides the generated ones.
const NASTY_TEXTS = [
  "a\u0000b",
  "half \ud800",
  "bell\u0007",
  "\u202etxt.exe",
  "0000-01-01",
  "00000000-0000-0000-0000-000000000000",
  "%ZZ",
  "x".repeat(3000),
];
const nastyChar = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  fc.constantFrom("\u0000", "\ud800", "\udfff", "\u001b", "\u202e", "\u0085", "\ufeff", "%", "+"),
);
const nasty = fc.oneof(
  fc.string({ unit: nastyChar, maxLength: 30 }),
  fc.string(),
  fc.constantFrom(...NASTY_TEXTS),
);
const nastyValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, true, false, null),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(nasty, nasty, { maxKeys: 3 }),
);

const served = serveForThisFile();

let owner: User;
let publicClient: RegisteredClient;
let confidentialClient: RegisteredClient;
let key: string;

beforeAll(async () => {
  owner = await createSignedInUser();
  publicClient = await registerClient();
  confidentialClient = await registerClient({ confidential: true });
  const created = await apiKeys.POST(
    jsonRequest("/api/auth/api-keys", {
      body: {
        name: "agent",
        scopes: ["tasks:read", "tasks:write"],
        expiresInDays: 30,
        password: owner.password,
      },
      headers: { cookie: owner.cookie },
    }),
  );
  expect(created.status).toBe(201);
  key = (await created.json()).key;
});

/**
 * Everything a refused request must leave as it was: the apps, their codes and grants, the keys,
 * the tasks. (A request authenticated with a key notes when the key was last used: that is not
 * what it asked to change.)
 */
async function storedRows() {
  const db = getDb();
  const users = [owner.user.id];
  const omitLastUsed = <Row extends { lastUsedAt: unknown }>({ lastUsedAt, ...row }: Row) => row;
  return {
    clients: await db.select().from(oauthClient).orderBy(oauthClient.id),
    codes: await db.select().from(oauthAuthorizationCode).orderBy(oauthAuthorizationCode.codeHash),
    deviceCodes: await db.select().from(oauthDeviceCode).orderBy(oauthDeviceCode.deviceCodeHash),
    sessions: await db
      .select()
      .from(session)
      .where(inArray(session.userId, users))
      .orderBy(session.id),
    keys: (
      await db
        .select()
        .from(apiKeyTable)
        .where(inArray(apiKeyTable.userId, users))
        .orderBy(apiKeyTable.id)
    ).map(omitLastUsed),
    tasks: await db.select().from(tasks).where(inArray(tasks.userId, users)).orderBy(tasks.id),
  };
}

/** Never a 5xx or a stack trace: an answer the document lists for the route, in its shape. */
async function expectDocumentedAnswer(
  method: Operation["method"],
  route: string,
  response: Response,
) {
  const text = await response.clone().text();
  expect(response.status, `${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text).not.toMatch(/\n\s+at |node_modules|Error: /);
  await expectDocumented(method, route, response);
}

/** Runs `send` on each input and checks its answer; a refusal must have changed nothing. */
async function expectNeverBroken<Input>(
  method: Operation["method"],
  route: string,
  input: fc.Arbitrary<Input>,
  examples: Input[],
  send: (input: Input) => Promise<Response>,
) {
  await fc.assert(
    fc.asyncProperty(input, async (value) => {
      const before = await storedRows();
      const response = await send(value);
      await expectDocumentedAnswer(method, route, response);
      if (response.status >= 400) expect(await storedRows()).toEqual(before);
    }),
    // Examples count within numRuns (fast-check): RUNS generated inputs come after them all.
    { numRuns: RUNS + examples.length, examples: examples.map((example): [Input] => [example]) },
  );
}

/** Each field of `valid` (and one it does not know) set to each hostile text, one at a time. */
const eachFieldNasty = (valid: Record<string, unknown>, fields: string[]) =>
  [...fields, "unexpected"].flatMap((field) =>
    NASTY_TEXTS.map((text) => ({ ...valid, [field]: text })),
  );

/** The valid input with one of its fields (or one it does not know) made hostile. */
const oneBadField = (valid: Record<string, unknown>, fields: string[], value = nastyValue) =>
  fc
    .tuple(fc.constantFrom(...fields, "unexpected"), value)
    .map(([field, bad]) => ({ ...valid, [field]: bad }));

const CONTENT_TYPES = [
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=utf-8",
  "application/json",
  "text/plain",
  "multipart/form-data; boundary=x",
  undefined,
];

type JsonInput = { body: string; contentType: string | undefined };

/** A JSON body as a client might send it: mostly as JSON, now and then as something else. */
const jsonInput = (valid: Record<string, unknown>, fields: string[]) =>
  fc.record({
    body: fc.oneof(
      oneBadField(valid, fields).map((body) => JSON.stringify(body)),
      fc
        .record(Object.fromEntries(fields.map((field) => [field, nastyValue])), {
          requiredKeys: [],
        })
        .map((body) => JSON.stringify(body)),
      fc.jsonValue().map((body) => JSON.stringify(body)),
      fc.constantFrom(
        "",
        "{",
        "[]",
        "null",
        '{"a":1,"a":2}',
        "1e400",
        "[".repeat(5000),
        "\u0000",
        JSON.stringify({ ...valid, [fields[0] ?? "x"]: "x".repeat(70_000) }),
      ),
      nasty,
    ),
    contentType: fc.oneof(
      fc.constantFrom("application/json", "application/json; charset=utf-8"),
      fc.constantFrom(...CONTENT_TYPES),
    ),
  });

/** Each field of `valid` set to each hostile text, sent as JSON. */
const jsonExamples = (valid: Record<string, unknown>, fields: string[]): JsonInput[] =>
  eachFieldNasty(valid, fields).map((body) => ({
    body: JSON.stringify(body),
    contentType: "application/json",
  }));

describe("generated input at dynamic client registration (RFC 7591)", () => {
  const fields = ["redirect_uris", "client_name", "token_endpoint_auth_method", "grant_types"];
  const valid = { client_name: "Agent", redirect_uris: ["https://agent.example/callback"] };
  const ip = uniqueClientIp();
  it("answers in RFC 7591's shape, never 5xx, and registers nothing it refuses", async () => {
    await expectNeverBroken(
      "post",
      "/api/oauth/register",
      jsonInput(valid, fields),
      [
        ...jsonExamples(valid, fields),
        ...["redirect_uris", "grant_types"].map((field) => ({
          body: JSON.stringify({ ...valid, [field]: NASTY_TEXTS }),
          contentType: "application/json",
        })),
      ],
      ({ body, contentType }) =>
        registration.POST(
          new Request(`${TEST_ORIGIN}/api/oauth/register`, {
            method: "POST",
            headers: { ...(contentType && { "content-type": contentType }), "x-real-ip": ip },
            body,
          }),
        ),
    );
  });
});

/** A form as a client writes it: its parameters in order, a name repeated if it says so. */
type Form = { pairs: [string, string][]; raw?: string };
const encodeForm = (form: Form) => form.raw ?? new URLSearchParams(form.pairs).toString();

describe("generated input at the form endpoints (token, revocation, device authorization)", () => {
  // Values that get a request past the first checks, so that the later ones see hostile input.
  const known = () => [
    publicClient.clientId,
    confidentialClient.clientId,
    confidentialClient.secret ?? "",
    REDIRECT_URI,
    "tasks:read tasks:write",
    resourceUrl("tasks"),
    ...OAUTH_TOKEN_ENDPOINT_GRANTS,
  ];
  const value = () => fc.oneof(nasty, fc.constantFrom(...known()));
  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
  const authorization = () =>
    fc.oneof(
      fc.constant(undefined),
      fc.tuple(value(), value()).map(([id, secret]) => basic(id, secret)),
      fc
        .tuple(value(), value())
        .map(([id, secret]) => basic(encodeURIComponent(id.toWellFormed()), secret)),
      // A header holds no control characters: fetch refuses to send them.
      fc.string().map((text) => `Basic ${text}`),
      fc.constantFrom(
        "Basic",
        "Basic !!!",
        `Basic ${Buffer.from("no colon").toString("base64")}`,
        `Basic ${Buffer.from("%ZZ:%E0%A4%A").toString("base64")}`,
        `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x00]).toString("base64")}`,
        "Bearer x",
        `Basic ${"A".repeat(9000)}`,
      ),
    );

  const targets = [
    {
      path: "/api/oauth/token",
      fields: [
        "grant_type",
        "code",
        "redirect_uri",
        "code_verifier",
        "refresh_token",
        "device_code",
        "scope",
        "resource",
        "client_id",
        "client_secret",
      ],
      // Each grant's form complete but for a code no one issued: one hostile field reaches the
      // lookups.
      valid: (): Record<string, string>[] => [
        {
          grant_type: "authorization_code",
          client_id: publicClient.clientId,
          code: "unknown-code",
          redirect_uri: REDIRECT_URI,
          code_verifier: "v".repeat(43),
        },
        {
          grant_type: "refresh_token",
          client_id: confidentialClient.clientId,
          client_secret: confidentialClient.secret ?? "",
          refresh_token: "unknown-token",
          scope: "tasks:read",
        },
        {
          grant_type: DEVICE_CODE_GRANT,
          client_id: publicClient.clientId,
          device_code: "unknown-device-code",
        },
      ],
    },
    {
      path: "/api/oauth/revoke",
      fields: ["token", "token_type_hint", "client_id", "client_secret"],
      valid: (): Record<string, string>[] => [
        { token: "unknown-token", client_id: publicClient.clientId },
        {
          token: "unknown-token",
          token_type_hint: "access_token",
          client_id: confidentialClient.clientId,
          client_secret: confidentialClient.secret ?? "",
        },
      ],
    },
    {
      path: "/api/oauth/device_authorization",
      fields: ["client_id", "client_secret", "scope", "resource"],
      valid: (): Record<string, string>[] => [
        { client_id: publicClient.clientId, scope: "tasks:read" },
      ],
    },
  ];

  const send = (
    path: string,
    input: { body: string; contentType?: string; authorization?: string },
  ) =>
    fetch(`${served.current.origin}${path}`, {
      method: "POST",
      headers: {
        "x-real-ip": uniqueClientIp(),
        ...(input.contentType && { "content-type": input.contentType }),
        ...(input.authorization && { authorization: input.authorization }),
      },
      body: input.body,
    });

  for (const target of targets) {
    it(`never answers 5xx at POST ${target.path}, and changes nothing it refuses`, async () => {
      const valids = target.valid();
      const pairsOf = (form: Record<string, string>) => Object.entries(form);
      const form = fc.oneof(
        // The valid form with one field hostile, or sent twice with another value.
        fc
          .tuple(fc.constantFrom(...valids), fc.constantFrom(...target.fields), value())
          .map(([valid, field, bad]): Form => ({ pairs: pairsOf({ ...valid, [field]: bad }) })),
        fc
          .tuple(fc.constantFrom(...valids), fc.constantFrom(...target.fields), value())
          .map(([valid, field, bad]): Form => ({ pairs: [...pairsOf(valid), [field, bad]] })),
        fc
          .array(fc.tuple(fc.oneof(fc.constantFrom(...target.fields), nasty), value()), {
            maxLength: 8,
          })
          .map((pairs): Form => ({ pairs })),
        fc
          .constantFrom(
            "",
            "&&=&",
            "%00=%00",
            "grant_type=%ED%A0%80",
            "client_id=%FF%FE",
            "a=%",
            "=",
            `token=${"x".repeat(70_000)}`,
          )
          .map((raw): Form => ({ pairs: [], raw })),
      );
      const input = fc.record({
        form,
        json: fc.boolean(),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        authorization: authorization(),
      });
      const examples = valids.flatMap((valid) =>
        eachFieldNasty(valid, target.fields).map((one) => ({
          form: { pairs: pairsOf(one as Record<string, string>) },
          json: false,
          contentType: CONTENT_TYPES[0],
          authorization: undefined,
        })),
      );
      await expectNeverBroken("post", target.path, input, examples, (generated) =>
        send(target.path, {
          body: generated.json
            ? JSON.stringify(Object.fromEntries(generated.form.pairs))
            : encodeForm(generated.form),
          contentType: generated.contentType,
          authorization: generated.authorization,
        }),
      );
    });
  }

  it("never answers 5xx to a device-code grant polled with hostile codes", async () => {
    const poll = (deviceCode: string) =>
      send("/api/oauth/token", {
        body: new URLSearchParams({
          grant_type: DEVICE_CODE_GRANT,
          device_code: deviceCode,
          client_id: publicClient.clientId,
        }).toString(),
        contentType: CONTENT_TYPES[0],
      });
    await expectNeverBroken("post", "/api/oauth/token", nasty, NASTY_TEXTS, poll);
  });

  // The answer says the grant was refused and nothing of why, whatever was wrong: not even that
  // the account that consented has been disabled since, which is no business of the app's.
  it("answers every wrong redemption of a real code alike, and spends the code", async () => {
    const otherClient = await registerClient();
    const redeem = (form: Record<string, string>) => tokenRequest(served.current, form);
    const refusal = await (
      await redeem({
        grant_type: "authorization_code",
        client_id: publicClient.clientId,
        code: "never-issued",
        redirect_uri: REDIRECT_URI,
        code_verifier: "v".repeat(43),
      })
    ).json();
    expect(refusal.error).toBe("invalid_grant");
    type Valid = Record<string, string>;
    const WRONGS: Record<string, (valid: Valid, bad: string, user: User) => Promise<Valid>> = {
      "a wrong verifier": async (valid, bad) => ({ ...valid, code_verifier: bad }),
      "another redirect URI": async (valid, bad) => ({ ...valid, redirect_uri: `${bad}/` }),
      "another client": async (valid) => ({ ...valid, client_id: otherClient.clientId }),
      "another resource of ours": async (valid) => ({ ...valid, resource: resourceUrl("mcp") }),
      "the account disabled since the consent": async (valid, _, user) => {
        await getDb().update(userTable).set({ banned: true }).where(eq(userTable.id, user.user.id));
        return valid;
      },
    };
    const wrong = fc.record({ how: fc.constantFrom(...Object.keys(WRONGS)), bad: nasty });
    await fc.assert(
      fc.asyncProperty(wrong, async ({ how, bad }) => {
        const user = await createSignedInUser();
        const config = await discover(served.current, publicClient);
        const { callback, verifier } = await consentedCallback(served.current, config, user);
        const valid = {
          grant_type: "authorization_code",
          client_id: publicClient.clientId,
          code: callback.searchParams.get("code") ?? "",
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        };
        const refused = await redeem((await WRONGS[how]?.(valid, bad, user)) ?? valid);
        expect(refused.status, how).toBe(400);
        expect(await refused.json(), how).toEqual(refusal);
        await getDb()
          .update(userTable)
          .set({ banned: false })
          .where(eq(userTable.id, user.user.id));
        expect(await (await redeem(valid)).json(), `${how}, then the code again`).toEqual(refusal);
      }),
      {
        numRuns: RUNS,
        examples: Object.keys(WRONGS).map((how): [{ how: string; bad: string }] => [
          { how, bad: "x" },
        ]),
      },
    );
  });

  it("answers a device code allowed by an account disabled since as any refused device code", async () => {
    const poll = async (deviceCode: string) =>
      (
        await tokenRequest(served.current, {
          grant_type: DEVICE_CODE_GRANT,
          device_code: deviceCode,
          client_id: publicClient.clientId,
        })
      ).json();
    const refusal = await poll("never-issued");
    expect(refusal.error).toBe("invalid_grant");
    const user = await createSignedInUser();
    const started = await send("/api/oauth/device_authorization", {
      body: new URLSearchParams({ client_id: publicClient.clientId }).toString(),
      contentType: CONTENT_TYPES[0],
    });
    const { device_code, user_code } = await started.json();
    const allowed = await postAsPage(served.current, "/api/oauth/device", user, {
      decision: "allow",
      user_code,
    });
    expect(allowed.status).toBe(303);
    await getDb().update(userTable).set({ banned: true }).where(eq(userTable.id, user.user.id));
    expect(await poll(device_code)).toEqual(refusal);
  });

  const consentTargets = [
    {
      path: "/api/oauth/authorize",
      fields: ["decision", ...AUTHORIZATION_PARAMETERS, "workspace"],
      valid: async () => {
        const { url } = await authorizationRequest(await discover(served.current, publicClient));
        return { ...Object.fromEntries(url.searchParams), decision: "allow" };
      },
    },
    {
      path: "/api/oauth/device",
      fields: ["decision", "user_code", "workspace"],
      valid: async () => ({ decision: "allow", user_code: "BCDF-GHJK" }),
    },
  ];
  for (const target of consentTargets) {
    it(`never answers 5xx to the consent posted to ${target.path}, and changes nothing it refuses`, async () => {
      const valid = await target.valid();
      const user = await createSignedInUser();
      const post = (pairs: [string, string][], contentType = CONTENT_TYPES[0]) =>
        fetch(`${served.current.origin}${target.path}`, {
          method: "POST",
          redirect: "manual",
          headers: {
            cookie: user.cookie,
            origin: TEST_ORIGIN,
            "x-real-ip": uniqueClientIp(),
            ...(contentType && { "content-type": contentType }),
          },
          body: new URLSearchParams(pairs),
        });
      const input = fc.record({
        pairs: fc.oneof(
          oneBadField(valid, target.fields, nasty).map(
            (form) => Object.entries(form) as [string, string][],
          ),
          fc
            .tuple(fc.constantFrom(...target.fields), nasty)
            .map(([field, bad]) => [...Object.entries(valid), [field, bad]] as [string, string][]),
          fc.array(fc.tuple(fc.oneof(fc.constantFrom(...target.fields), nasty), nasty), {
            maxLength: 6,
          }),
        ),
        contentType: fc.constantFrom(...CONTENT_TYPES),
      });
      const examples = eachFieldNasty(valid, target.fields).map((form) => ({
        pairs: Object.entries(form) as [string, string][],
        contentType: CONTENT_TYPES[0],
      }));
      await expectNeverBroken("post", target.path, input, examples, (generated) =>
        post(generated.pairs, generated.contentType),
      );
    });
  }
});

describe("generated query strings at the consent page (GET /oauth/authorize)", () => {
  const fields = [...AUTHORIZATION_PARAMETERS];

  it("shows the error page or redirects to the app or to sign-in, never a 500", async () => {
    const { url } = await authorizationRequest(await discover(served.current, publicClient));
    const valid = Object.fromEntries(url.searchParams);
    const query = fc.oneof(
      oneBadField(valid, fields, nasty).map((search) =>
        new URLSearchParams(search as Record<string, string>).toString(),
      ),
      fc
        .tuple(fc.constantFrom(...fields), nasty)
        .map(([field, bad]) => `${url.searchParams}&${new URLSearchParams({ [field]: bad })}`),
      fc
        .dictionary(fc.oneof(fc.constantFrom(...fields), nasty), nasty, { maxKeys: 5 })
        .map((search) => new URLSearchParams(search).toString()),
      fc
        .tuple(fc.constantFrom(...fields), fc.constantFrom("%00", "%ED%A0%80", "%FF", "%", "%ZZ"))
        .map(([field, raw]) => `${url.searchParams}&${field}=${raw}`),
    );
    const examples = eachFieldNasty(valid, fields).map((search) =>
      new URLSearchParams(search as Record<string, string>).toString(),
    );
    for (const signedIn of [true, false]) {
      pageRequest.headers = new Headers(signedIn ? { cookie: owner.cookie } : {});
      await fc.assert(
        fc.asyncProperty(query, async (generated) => {
          const { redirect } = await authorizePage(generated);
          if (redirect !== undefined) {
            expect(redirect.startsWith(`${REDIRECT_URI}?`) || redirect.startsWith("/login?")).toBe(
              true,
            );
          }
        }),
        {
          numRuns: RUNS + examples.length,
          examples: examples.map((example): [string] => [example]),
        },
      );
    }
  });
});

describe("generated input at Settings (apps, API keys, sessions, connected apps)", () => {
  const asOwner = (path: string, method: string, { body, contentType }: Partial<JsonInput> = {}) =>
    new Request(`${TEST_ORIGIN}${path}`, {
      method,
      headers: {
        ...(contentType && { "content-type": contentType }),
        origin: TEST_ORIGIN,
        cookie: owner.cookie,
        "x-real-ip": uniqueClientIp(),
      },
      body,
    });

  it("never answers 5xx to an app registered in Settings, and changes nothing it refuses", async () => {
    const fields = ["name", "redirectUris", "type"];
    const valid = { name: "Sync", redirectUris: ["https://sync.example/cb"], type: "public" };
    await expectNeverBroken(
      "post",
      "/api/oauth/clients",
      jsonInput(valid, fields),
      jsonExamples(valid, fields),
      (input) => ownedClients.POST(asOwner("/api/oauth/clients", "POST", input)),
    );
  });

  it("never answers 5xx to a new API key, and changes nothing it refuses", async () => {
    const fields = ["name", "scopes", "password", "expiresInDays"];
    const valid = {
      name: "script",
      scopes: ["tasks:read"],
      password: owner.password,
      expiresInDays: 30,
    };
    await expectNeverBroken(
      "post",
      "/api/auth/api-keys",
      jsonInput(valid, fields),
      jsonExamples(valid, fields),
      (input) => apiKeys.POST(asOwner("/api/auth/api-keys", "POST", input)),
    );
  });

  // Handed to the handlers as Next.js hands a URL's segment on: decoded.
  const byId = [
    {
      method: "delete" as const,
      route: "/api/oauth/clients/{clientId}",
      send: (id: string) =>
        ownedClient.DELETE(asOwner(`/api/oauth/clients/x`, "DELETE"), {
          params: Promise.resolve({ clientId: id }),
        }),
    },
    {
      method: "post" as const,
      route: "/api/oauth/clients/{clientId}/secret",
      send: (id: string) =>
        clientSecret.POST(asOwner(`/api/oauth/clients/x/secret`, "POST"), {
          params: Promise.resolve({ clientId: id }),
        }),
    },
    {
      method: "delete" as const,
      route: "/api/auth/api-keys/{id}",
      send: (id: string) =>
        apiKey.DELETE(asOwner(`/api/auth/api-keys/x`, "DELETE"), {
          params: Promise.resolve({ id }),
        }),
    },
    {
      method: "delete" as const,
      route: "/api/auth/sessions/{id}",
      send: (id: string) =>
        signIn.DELETE(asOwner(`/api/auth/sessions/x`, "DELETE"), {
          params: Promise.resolve({ id }),
        }),
    },
    {
      method: "delete" as const,
      route: "/api/auth/connected-apps/{id}",
      send: (id: string) =>
        connectedApp.DELETE(asOwner(`/api/auth/connected-apps/x`, "DELETE"), {
          params: Promise.resolve({ id }),
        }),
    },
  ];
  for (const target of byId) {
    it(`never answers 5xx to ${target.method.toUpperCase()} ${target.route} with any id`, async () => {
      await expectNeverBroken(target.method, target.route, nasty, NASTY_TEXTS, target.send);
    });
  }
});

describe("generated JSON-RPC at the MCP endpoint", () => {
  const send = (body: string) =>
    mcp.POST(
      new Request(`${TEST_ORIGIN}/api/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          authorization: `Bearer ${key}`,
          "x-real-ip": uniqueClientIp(),
        },
        body,
      }),
    );

  const id = fc.oneof(
    fc.integer(),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e308, -0, null, "", "\u0000", {}, []),
    nasty,
  );
  const message = (method: fc.Arbitrary<unknown>, params: fc.Arbitrary<unknown>) =>
    fc.record(
      {
        jsonrpc: fc.oneof(fc.constant("2.0"), fc.constantFrom("1.0", "2", 2, null), nasty),
        id,
        method,
        params,
      },
      { requiredKeys: ["jsonrpc", "method"] },
    );

  it("never answers 5xx to any message: wrong versions, batches, huge ids, unknown methods", async () => {
    const methods = fc.oneof(
      fc.constantFrom(
        "initialize",
        "ping",
        "tools/list",
        "tools/call",
        "notifications/initialized",
      ),
      fc.constantFrom("resources/list", "prompts/get", "completion/complete", "logging/setLevel"),
      nasty,
    );
    const body = fc.oneof(
      message(methods, fc.oneof(nastyValue, fc.jsonValue())).map((one) => JSON.stringify(one)),
      fc
        .array(message(methods, fc.jsonValue()), { maxLength: 3 })
        .map((batch) => JSON.stringify(batch)),
      fc.jsonValue().map((one) => JSON.stringify(one)),
      fc.constantFrom("", "{", "null", '{"jsonrpc":"2.0","id":1e400,"method":"ping"}', "\u0000"),
      fc.constant(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "x".repeat(70_000) })),
      nasty,
    );
    await expectNeverBroken("post", "/api/mcp", body, [], send);
  });

  it("never answers 5xx to any tool called with hostile arguments", async () => {
    const listed = await send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
    const tools = (
      (await listed.json()) as {
        result: { tools: { name: string; inputSchema: { properties?: object } }[] };
      }
    ).result.tools.map((tool) => ({
      name: tool.name,
      fields: Object.keys(tool.inputSchema.properties ?? {}),
    }));
    expect(tools.length).toBeGreaterThan(0);
    const call = (name: string, args: unknown) =>
      JSON.stringify({
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: { name, arguments: args },
      });
    const body = fc.oneof(
      ...tools.map((tool) =>
        fc
          .oneof(
            fc.record(Object.fromEntries(tool.fields.map((field) => [field, nastyValue])), {
              requiredKeys: [],
            }),
            fc.dictionary(nasty, nastyValue, { maxKeys: 3 }),
            nastyValue,
          )
          .map((args) => call(tool.name, args)),
      ),
    );
    const examples = tools.flatMap((tool) =>
      [...tool.fields, "unexpected"].flatMap((field) =>
        NASTY_TEXTS.map((text) => call(tool.name, { [field]: text })),
      ),
    );
    await expectNeverBroken("post", "/api/mcp", body, examples, send);
  });
});
