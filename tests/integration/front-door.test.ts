import { randomUUID } from "node:crypto";
import { createAuthClient } from "better-auth/client";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...all]/route";
import { POST as deleteAccount } from "@/app/api/auth/delete-account/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as register } from "@/app/api/auth/register/route";
import { SERVED_ENDPOINTS } from "@/lib/auth/front-door/surface";
import { getDb } from "@/lib/db/client";
import { refreshToken, session, user } from "@/lib/db/schema";
import { handleRoute } from "@/lib/http/handle-route";
import { createSignedInUser, setCookies, TEST_PASSWORD } from "../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp, uniqueEmail } from "../support/http";
import { freezeClockMidMinute } from "../support/isolation";

// Better Auth's endpoints through the front door (lib/auth/front-door/): the policy every
// request passes before Better Auth runs, and the token bridge on the way in and out.

const served = Object.entries(SERVED_ENDPOINTS);
const servedPosts = served.filter(([, endpoint]) => endpoint.method === "POST");

function betterAuth(path: string, body: unknown, headers: Record<string, string> = {}) {
  return POST(jsonRequest(`/api/auth${path}`, { body, headers }));
}

async function storedUser(email: string) {
  const [row] = await getDb().select().from(user).where(eq(user.email, email));
  return row;
}

describe("the front door's body cap", () => {
  it("refuses a 2 MB body to every served endpoint with 413, before reading it", async () => {
    const big = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) });
    for (const [path] of servedPosts) {
      const response = await betterAuth(path, undefined, {});
      expect(response.status, `${path} without a body`).not.toBe(413);
      const declared = await POST(
        new Request(new URL(`/api/auth${path}`, TEST_ORIGIN), {
          method: "POST",
          headers: { "content-type": "application/json", "x-real-ip": uniqueClientIp() },
          body: big,
        }),
      );
      expect(declared.status, path).toBe(413);
      expect((await declared.json()).error.code).toBe("payload_too_large");
    }
  });

  it("counts a streamed body without Content-Length and stops at 64 KB", async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode(`"${"y".repeat(16 * 1024)}`);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 4 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await POST(
      new Request(new URL("/api/auth/sign-in/email", TEST_ORIGIN), {
        method: "POST",
        headers: { "content-type": "application/json", "x-real-ip": uniqueClientIp() },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(256 * 1024);
  });
});

describe("the front door's field rules", () => {
  it("refuses over-long, malformed and dangerous fields at sign-up and stores nothing", async () => {
    const email = uniqueEmail("fields");
    const cases: Record<string, unknown>[] = [
      { name: "n".repeat(101), email, password: TEST_PASSWORD },
      { name: "", email, password: TEST_PASSWORD },
      { name: "Nul\u0000Name", email, password: TEST_PASSWORD },
      { name: "Bell\u0007", email, password: TEST_PASSWORD },
      { name: "Half \ud800 pair", email, password: TEST_PASSWORD },
      { name: "Long email", email: `${"e".repeat(250)}@example.test`, password: TEST_PASSWORD },
      { name: "Script", email, password: TEST_PASSWORD, image: "javascript:alert(1)" },
      { name: "Data", email, password: TEST_PASSWORD, image: "data:text/html,hi" },
      { name: "Short", email, password: "short" },
      { name: "Number", email, password: 12345678 },
      { name: "Extra", email, password: TEST_PASSWORD, emailVerified: true },
    ];
    for (const body of cases) {
      const response = await betterAuth("/sign-up/email", body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect((await response.json()).error.code).toBe("validation_error");
    }
    expect(await storedUser(email)).toBeUndefined();
  });

  it("refuses bad profile updates through Better Auth's update-user and keeps the name", async () => {
    const { cookie, email } = await createSignedInUser();
    const before = await storedUser(email);
    for (const body of [
      { name: "n".repeat(101) },
      { name: "a\u0000b" },
      { image: "javascript:alert(1)" },
      { name: "ok", role: "admin" },
      {},
    ]) {
      const response = await betterAuth("/update-user", body, { cookie });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await storedUser(email)).toEqual(before);
    const renamed = await betterAuth("/update-user", { name: "  New Name " }, { cookie });
    expect(renamed.status).toBe(200);
    expect((await storedUser(email))?.name).toBe("New Name");
  });
});

describe("password checks through the front door", () => {
  it("counts every endpoint that checks a password against the account's sign-in limit", async () => {
    freezeClockMidMinute();
    const victim = await createSignedInUser();
    const ip = () => ({ "x-real-ip": uniqueClientIp() });
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await betterAuth(
        "/sign-in/email",
        { email: victim.email, password: `wrong ${attempt}` },
        ip(),
      );
      expect(response.status).toBe(401);
    }
    const attempts: [string, () => Promise<Response>][] = [
      [
        "sign-in/email",
        () => betterAuth("/sign-in/email", { email: victim.email, password: TEST_PASSWORD }, ip()),
      ],
      [
        "login",
        () =>
          login(
            jsonRequest("/api/auth/login", {
              body: { email: victim.email, password: TEST_PASSWORD },
              headers: ip(),
            }),
          ),
      ],
      [
        "change-password",
        () =>
          betterAuth(
            "/change-password",
            { currentPassword: "guess one", newPassword: "a new password 1" },
            { cookie: victim.cookie, ...ip() },
          ),
      ],
      [
        "delete-account",
        () =>
          deleteAccount(
            jsonRequest("/api/auth/delete-account", {
              body: { password: "guess two" },
              headers: { cookie: victim.cookie, ...ip() },
            }),
          ),
      ],
    ];
    for (const [name, attempt] of attempts) {
      const response = await attempt();
      expect(response.status, name).toBe(429);
      expect((await response.json()).error.code).toBe("rate_limited");
    }
    const verify = await betterAuth(
      "/verify-password",
      { password: TEST_PASSWORD },
      { cookie: victim.cookie },
    );
    expect(verify.status).toBe(404);
  });

  it("says 'Incorrect email or password' in our error shape, with Better Auth's fields beside it", async () => {
    const { email } = await createSignedInUser();
    const response = await betterAuth("/sign-in/email", { email, password: "not it at all" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "invalid_credentials", message: "Incorrect email or password" },
      code: "INVALID_EMAIL_OR_PASSWORD",
      message: "Incorrect email or password",
    });
  });
});

describe("racing requests", () => {
  it("lets one of six concurrent registrations of an email win and answers the rest 409", async () => {
    const email = uniqueEmail("race");
    const attempts = Array.from({ length: 6 }, (_, index) =>
      index % 2 === 0
        ? betterAuth("/sign-up/email", { name: "Racer", email, password: TEST_PASSWORD })
        : register(jsonRequest("/api/auth/register", { body: { email, password: TEST_PASSWORD } })),
    );
    const statuses = (await Promise.all(attempts)).map((response) => response.status);
    expect(statuses.filter((status) => status === 200 || status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(5);
    expect(await getDb().select().from(user).where(eq(user.email, email))).toHaveLength(1);
  });

  it("answers 401 when a write finds its session already gone (foreign key)", async () => {
    const write = handleRoute(async () => {
      await getDb()
        .insert(refreshToken)
        .values({ sessionId: `gone-${randomUUID()}`, tokenHash: randomUUID() });
      return new Response(null, { status: 204 });
    });
    const response = await write(jsonRequest("/api/x", { body: {} }));
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthenticated");
  });
});

describe("the token bridge", () => {
  it("keeps Better Auth's session token out of every answer and every cookie", async () => {
    const email = uniqueEmail("bridge");
    const signUp = await betterAuth("/sign-up/email", {
      name: "Bridge",
      email,
      password: TEST_PASSWORD,
    });
    const signIn = await betterAuth("/sign-in/email", { email, password: TEST_PASSWORD });
    const cookies = setCookies(signIn);
    const cookie = `access_token=${cookies.access_token?.value}; refresh_token=${cookies.refresh_token?.value}`;
    const getSession = await GET(
      jsonRequest("/api/auth/get-session", { method: "GET", headers: { cookie } }),
    );
    const change = await betterAuth(
      "/change-password",
      {
        currentPassword: TEST_PASSWORD,
        newPassword: "another password 2",
        revokeOtherSessions: true,
      },
      { cookie },
    );
    const account = await storedUser(email);
    const tokens = (
      await getDb()
        .select({ token: session.token })
        .from(session)
        .where(eq(session.userId, account?.id ?? ""))
    ).map((row) => row.token);
    expect(tokens.length).toBeGreaterThan(0);
    for (const response of [signUp, signIn, getSession, change]) {
      expect(response.status).toBe(200);
      const text = `${await response.text()} ${response.headers.getSetCookie().join(" ")}`;
      for (const token of tokens) expect(text).not.toContain(token);
      expect(text).not.toMatch(/better-auth\.session_(token|data)/);
    }
    expect(Object.keys(setCookies(change)).sort()).toEqual([
      "access_token",
      "device_token",
      "refresh_token",
    ]);
  });

  it("answers get-session for a Bearer token and for nobody otherwise", async () => {
    const { headers, user: me } = await createSignedInUser();
    const withBearer = await GET(jsonRequest("/api/auth/get-session", { method: "GET", headers }));
    expect((await withBearer.json()).user.id).toBe(me.id);
    const forged = await GET(
      jsonRequest("/api/auth/get-session", {
        method: "GET",
        headers: { ...headers, "x-middleware-subrequest": "middleware" },
      }),
    );
    expect(await forged.json()).toBeNull();
    const anonymous = await GET(jsonRequest("/api/auth/get-session", { method: "GET" }));
    expect(await anonymous.json()).toBeNull();
  });

  it("issues no new token pair for a profile update (no sign-in happened)", async () => {
    const { cookie, user: me } = await createSignedInUser();
    const familyRows = async () =>
      (
        await getDb()
          .select({ id: refreshToken.id })
          .from(refreshToken)
          .innerJoin(session, eq(session.id, refreshToken.sessionId))
          .where(eq(session.userId, me.id))
      ).length;
    const before = await familyRows();
    const response = await betterAuth("/update-user", { name: "Renamed" }, { cookie });
    expect(response.status).toBe(200);
    expect(setCookies(response)).not.toHaveProperty("access_token");
    expect(await familyRows()).toBe(before);
  });

  it("passes a Better Auth cookie that is not its session both ways", async () => {
    const { email } = await createSignedInUser();
    const first = await betterAuth("/sign-in/email", {
      email,
      password: TEST_PASSWORD,
      rememberMe: false,
    });
    const flowCookie = Object.entries(setCookies(first)).find(([name]) =>
      name.includes("dont_remember"),
    );
    expect(flowCookie).toBeDefined();
    const [name, { value }] = flowCookie as [string, { value: string }];
    // Better Auth reads it on the next sign-in (a session cookie again, so it re-sets it).
    const second = await betterAuth(
      "/sign-in/email",
      { email, password: TEST_PASSWORD },
      { cookie: `${name}=${value}` },
    );
    expect(second.status).toBe(200);
    expect(setCookies(second)).toHaveProperty(name);
  });
});

describe("Better Auth's own client", () => {
  it("signs up, reads the session, signs out and signs in again through the front door", async () => {
    const jar = new Map<string, string>();
    const client = createAuthClient({
      baseURL: TEST_ORIGIN,
      fetchOptions: {
        customFetchImpl: async (input, init) => {
          const request = new Request(input, init);
          const headers = new Headers(request.headers);
          headers.set("origin", TEST_ORIGIN);
          headers.set("x-real-ip", uniqueClientIp());
          if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
          const forwarded = new Request(request, { headers });
          const response = await (request.method === "GET" ? GET : POST)(forwarded);
          for (const [cookieName, { value, attributes }] of Object.entries(setCookies(response))) {
            if (/max-age=0/i.test(attributes)) jar.delete(cookieName);
            else jar.set(cookieName, value);
          }
          return response;
        },
      },
    });
    const email = uniqueEmail("client");
    const signedUp = await client.signUp.email({ email, password: TEST_PASSWORD, name: "Client" });
    expect(signedUp.error).toBeNull();
    expect(jar.has("access_token") && jar.has("refresh_token")).toBe(true);
    expect((await client.getSession()).data?.user.email).toBe(email);
    expect((await client.signOut()).error).toBeNull();
    expect([...jar.keys()]).toEqual(["device_token"]);
    expect((await client.getSession()).data).toBeNull();
    const wrong = await client.signIn.email({ email, password: "wrong password" });
    expect(wrong.error?.status).toBe(401);
    expect(wrong.error?.message).toBe("Incorrect email or password");
    expect((await client.signIn.email({ email, password: TEST_PASSWORD })).error).toBeNull();
    expect((await client.getSession()).data?.user.email).toBe(email);
  });
});
