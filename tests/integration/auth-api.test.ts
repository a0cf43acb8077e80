import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as betterAuthGet, POST as betterAuthPost } from "@/app/api/auth/[...all]/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { POST as register } from "@/app/api/auth/register/route";
import { getDb } from "@/lib/db/client";
import { session } from "@/lib/db/schema";
import { createSignedInUser, setCookies, TEST_PASSWORD } from "../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueEmail } from "../support/http";

function formLogin(username: string, password: string) {
  return login(
    new Request(`${TEST_ORIGIN}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: TEST_ORIGIN },
      body: new URLSearchParams({ username, password }),
    }),
  );
}

const jsonLogin = (email: string, password: string) =>
  login(jsonRequest("/api/auth/login", { body: { email, password } }));

const whoAmI = (headers: Record<string, string>) =>
  me(jsonRequest("/api/auth/me", { method: "GET", headers }));

describe("POST /api/auth/register", () => {
  it("creates the user, answers 201 without any password or hash, and sets both cookies", async () => {
    const email = uniqueEmail("register");
    const response = await register(
      jsonRequest("/api/auth/register", { body: { email, password: TEST_PASSWORD, name: "Ada" } }),
    );
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toMatch(/\$2[ab]\$|password|hash/i);
    expect(Object.keys(JSON.parse(text).user).sort()).toEqual([
      "email",
      "emailVerified",
      "id",
      "name",
      "role",
      "twoFactorEnabled",
    ]);
    expect(JSON.parse(text).user).toMatchObject({
      email,
      name: "Ada",
      role: "user",
      emailVerified: false,
    });

    const cookies = setCookies(response);
    expect(cookies.access_token?.attributes).toMatch(
      /Path=\/; Max-Age=1800; HttpOnly; SameSite=Lax/,
    );
    expect(cookies.refresh_token?.attributes).toMatch(
      /Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/,
    );
    // Seven days from the session's creation, counted down while the sign-up finished.
    const refreshMaxAge = Number(
      /Max-Age=(\d+)/.exec(cookies.refresh_token?.attributes ?? "")?.[1],
    );
    expect(refreshMaxAge).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect(refreshMaxAge).toBeLessThanOrEqual(7 * 24 * 3600);
    expect(Object.keys(cookies).some((name) => name.startsWith("better-auth"))).toBe(false);
  });

  it("answers 409 Email already registered for a duplicate, whatever its case", async () => {
    const email = uniqueEmail("twice");
    await register(jsonRequest("/api/auth/register", { body: { email, password: TEST_PASSWORD } }));
    const again = await register(
      jsonRequest("/api/auth/register", {
        body: { email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD },
      }),
    );
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe("Email already registered");
  });

  it("refuses a role in the body, and short passwords, with field errors", async () => {
    const withRole = await register(
      jsonRequest("/api/auth/register", {
        body: { email: uniqueEmail(), password: TEST_PASSWORD, role: "admin" },
      }),
    );
    expect(withRole.status).toBe(400);
    const short = await register(
      jsonRequest("/api/auth/register", { body: { email: uniqueEmail(), password: "short" } }),
    );
    expect(short.status).toBe(400);
    expect((await short.json()).error.fields.password).toBeDefined();
  });
});

describe("POST /api/auth/login", () => {
  it("accepts the OAuth2 password form and answers the token pair", async () => {
    const { email } = await createSignedInUser();
    const response = await formLogin(email, TEST_PASSWORD);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 1800 });
    expect(body.access_token.split(".")).toHaveLength(3);
    expect(body.refresh_token).toEqual(expect.any(String));
    const cookies = setCookies(response);
    expect(cookies.access_token?.value).toBe(body.access_token);
    expect(cookies.refresh_token?.value).toBe(body.refresh_token);
  });

  it("accepts JSON with the email in any case and with spaces around it", async () => {
    const { email } = await createSignedInUser();
    expect((await jsonLogin(`  ${email.toUpperCase()}  `, TEST_PASSWORD)).status).toBe(200);
  });

  it("gives the same 401 for a wrong password and an unknown email", async () => {
    const { email } = await createSignedInUser();
    const wrong = await jsonLogin(email, "not the password");
    const unknown = await formLogin(uniqueEmail("nobody"), "not the password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const wrongBody = await wrong.json();
    expect(wrongBody).toEqual(await unknown.json());
    expect(wrongBody.error.message).toBe("Incorrect email or password");
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });
});

describe("GET /api/auth/me and the guard", () => {
  it("answers the current user from a Bearer token or the cookie", async () => {
    const alice = await createSignedInUser();
    const byBearer = await whoAmI(alice.headers);
    expect(byBearer.status).toBe(200);
    expect((await byBearer.json()).user).toEqual(alice.user);
    expect((await whoAmI({ cookie: alice.cookie })).status).toBe(200);
  });

  it("lets the cookie win when a cookie and a Bearer header name different users", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    const response = await whoAmI({ cookie: alice.cookie, ...bob.headers });
    expect((await response.json()).user.id).toBe(alice.user.id);
  });

  it("answers 401 with WWW-Authenticate: Bearer without a token", async () => {
    const response = await whoAmI({});
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await response.json()).error.code).toBe("unauthenticated");
  });

  it("stops accepting an access token as soon as its session is revoked", async () => {
    const alice = await createSignedInUser();
    expect((await whoAmI(alice.headers)).status).toBe(200);
    await getDb().delete(session).where(eq(session.userId, alice.user.id));
    expect((await whoAmI(alice.headers)).status).toBe(401);
  });
});

describe("POST /api/auth/logout", () => {
  it("revokes the family, clears both cookies, and kills the access token too", async () => {
    const alice = await createSignedInUser();
    const response = await logout(
      jsonRequest("/api/auth/logout", { headers: { cookie: alice.cookie } }),
    );
    expect(response.status).toBe(200);
    const cookies = setCookies(response);
    expect(cookies.access_token?.attributes).toContain("Max-Age=0");
    expect(cookies.refresh_token?.attributes).toContain("Max-Age=0");
    expect((await whoAmI(alice.headers)).status).toBe(401);
    const again = await refresh(
      jsonRequest("/api/auth/refresh", { body: { refresh_token: alice.refreshToken } }),
    );
    expect(again.status).toBe(401);
  });

  it("answers 200 even with nothing to revoke", async () => {
    expect((await logout(jsonRequest("/api/auth/logout"))).status).toBe(200);
  });
});

describe("Better Auth's own endpoints under our token model", () => {
  it("gives a Better Auth sign-in our cookies and never its own session token", async () => {
    const { email, user } = await createSignedInUser();
    const response = await betterAuthPost(
      jsonRequest("/api/auth/sign-in/email", {
        body: { email: email.toUpperCase(), password: TEST_PASSWORD },
      }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.token).toBeUndefined();
    expect(body.user.id).toBe(user.id);
    expect(response.headers.get("set-auth-token")).toBeNull();
    const cookies = setCookies(response);
    expect(Object.keys(cookies).sort()).toEqual(["access_token", "device_token", "refresh_token"]);
    expect((await whoAmI({ authorization: `Bearer ${cookies.access_token?.value}` })).status).toBe(
      200,
    );
  });

  it("answers get-session from our access token, without exposing the session token", async () => {
    const alice = await createSignedInUser();
    const response = await betterAuthGet(
      jsonRequest("/api/auth/get-session", { method: "GET", headers: { cookie: alice.cookie } }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.user.id).toBe(alice.user.id);
    expect(body.session.token).toBeUndefined();
  });

  it("ignores a forged Better Auth session cookie", async () => {
    const alice = await createSignedInUser();
    const [row] = await getDb().select().from(session).where(eq(session.userId, alice.user.id));
    const response = await betterAuthGet(
      jsonRequest("/api/auth/get-session", {
        method: "GET",
        headers: { cookie: `better-auth.session_token=${row?.token}` },
      }),
    );
    expect(await response.json()).toBeNull();
  });

  it("signs out through Better Auth: our cookies are cleared and the family is gone", async () => {
    const alice = await createSignedInUser();
    const response = await betterAuthPost(
      jsonRequest("/api/auth/sign-out", { body: {}, headers: { cookie: alice.cookie } }),
    );
    expect(response.status).toBe(200);
    expect(setCookies(response).access_token?.attributes).toContain("Max-Age=0");
    expect((await whoAmI(alice.headers)).status).toBe(401);
  });
});
