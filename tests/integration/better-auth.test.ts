import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { getDb } from "@/lib/db/client";
import { account, user } from "@/lib/db/schema";
import { jsonRequest, uniqueEmail } from "../support/http";
import { hashAtProductionCostInThisTest, TEST_ADMIN_EMAIL } from "../support/setup";

const PASSWORD = "correct horse battery";

function signUp(body: Record<string, unknown>) {
  return POST(jsonRequest("/api/auth/sign-up/email", { body: { name: "Test User", ...body } }));
}

function signIn(email: string, password: string) {
  return POST(jsonRequest("/api/auth/sign-in/email", { body: { email, password } }));
}

async function storedUser(email: string) {
  const [row] = await getDb().select().from(user).where(eq(user.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row;
}

describe("Better Auth email and password", () => {
  it("signs up a user, sets a session cookie and never returns the password", async () => {
    const email = uniqueEmail("signup");
    const response = await signUp({ email, password: PASSWORD });
    expect(response.status).toBe(200);
    // Our token pair, not Better Auth's own session cookie (lib/auth/better-auth/token-bridge.ts).
    const cookies = response.headers.getSetCookie().map((cookie) => cookie.split("=")[0]);
    expect(cookies.sort()).toEqual(["access_token", "device_token", "refresh_token"]);
    const text = await response.text();
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/\$2[ab]\$/);
    expect(JSON.parse(text).user).toMatchObject({ email, role: "user" });
  });

  it("signs in with the right password and refuses a wrong one", async () => {
    const email = uniqueEmail("signin");
    await signUp({ email, password: PASSWORD });
    expect((await signIn(email, PASSWORD)).status).toBe(200);
    expect((await signIn(`  ${email.toUpperCase()} `, PASSWORD)).status).toBe(200);
    const wrong = await signIn(email, `${PASSWORD}!`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a second account with the same email", async () => {
    const email = uniqueEmail("duplicate");
    expect((await signUp({ email, password: PASSWORD })).status).toBe(200);
    const again = await signUp({ email, password: "another password 2" });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    const rows = await getDb().select().from(user).where(eq(user.email, email));
    expect(rows).toHaveLength(1);
  });

  it("stores only a bcrypt cost-12 hash of the password", async () => {
    // What a deployment stores: the suite's own accounts hash at a lower cost (setup.ts).
    hashAtProductionCostInThisTest();
    const email = uniqueEmail("hash");
    await signUp({ email, password: PASSWORD });
    const { id } = await storedUser(email);
    const [credential] = await getDb().select().from(account).where(eq(account.userId, id));
    expect(credential?.password).toMatch(/^\$2[ab]\$12\$/);
    expect(credential?.password).not.toContain(PASSWORD);
  });

  it("does not let two passwords that differ only after byte 72 both sign in", async () => {
    const email = uniqueEmail("long");
    const prefix = "x".repeat(72);
    expect((await signUp({ email, password: `${prefix}one` })).status).toBe(200);
    expect((await signIn(email, `${prefix}one`)).status).toBe(200);
    expect((await signIn(email, `${prefix}two`)).status).toBe(401);
  });

  it("accepts passwords of 8 to 128 characters and refuses the rest", async () => {
    const phrase = "correct horse battery staple ".repeat(5);
    expect((await signUp({ email: uniqueEmail("short"), password: "k3y-pad" })).status).toBe(400);
    expect(
      (await signUp({ email: uniqueEmail("long"), password: `${phrase.slice(0, 128)}!` })).status,
    ).toBe(400);
    expect((await signUp({ email: uniqueEmail("min"), password: "k3y-pad!" })).status).toBe(200);
    expect(
      (await signUp({ email: uniqueEmail("max"), password: phrase.slice(0, 128) })).status,
    ).toBe(200);
  });

  it("never lets a sign-up body choose its role", async () => {
    const email = uniqueEmail("sneaky");
    // The front door refuses a field its schema does not know, as every route of ours does
    // (Better Auth itself would drop a field declared `input: false`).
    const response = await signUp({ email, password: PASSWORD, role: "admin" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toHaveProperty("");
    expect(await getDb().select().from(user).where(eq(user.email, email))).toHaveLength(0);
    expect((await signUp({ email, password: PASSWORD })).status).toBe(200);
    expect((await storedUser(email)).role).toBe("user");
  });

  it("leaves an account listed in ADMIN_EMAILS a user until its address is verified", async () => {
    // The promotion itself: tests/integration/email-verification.test.ts.
    await signUp({ email: TEST_ADMIN_EMAIL, password: PASSWORD });
    expect((await storedUser(TEST_ADMIN_EMAIL)).role).toBe("user");
  });
});
