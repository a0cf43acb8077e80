import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { session, user } from "@/lib/db/schema";
import { createSignedInUser } from "../support/auth";
import { jsonRequest } from "../support/http";
import { importWithEnv, restoreEnv } from "../support/isolation";

/**
 * Better Auth records a session's ip_address itself: it must read the header our limits read
 * (TRUSTED_IP_HEADER), never one a client picked, and nothing at all with `none`.
 */
afterEach(restoreEnv);

async function signInThroughBetterAuth(
  env: Record<string, string>,
  headers: Record<string, string>,
  account?: { email: string; password: string },
) {
  const { POST: betterAuth } = await importWithEnv(
    () => import("@/app/api/auth/[...all]/route"),
    env,
  );
  const { email, password } = account ?? (await createSignedInUser());
  const response = await betterAuth(
    jsonRequest("/api/auth/sign-in/email", { body: { email, password }, headers }),
  );
  expect(response.status).toBe(200);
  const rows = await getDb()
    .select({ ipAddress: session.ipAddress, createdAt: session.createdAt })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(eq(user.email, email))
    .orderBy(session.createdAt);
  return rows.at(-1)?.ipAddress;
}

describe("Better Auth and TRUSTED_IP_HEADER", () => {
  it("records the address from the header TRUSTED_IP_HEADER names, not X-Real-IP", async () => {
    const recorded = await signInThroughBetterAuth(
      { TRUSTED_IP_HEADER: "CF-Connecting-IP" },
      { "cf-connecting-ip": "203.0.113.41", "x-real-ip": "198.51.100.41" },
    );
    expect(recorded).toBe("203.0.113.41");
  });

  it("reads no header with TRUSTED_IP_HEADER=none", async () => {
    const recorded = await signInThroughBetterAuth(
      { TRUSTED_IP_HEADER: "none" },
      { "x-real-ip": "198.51.100.42", "x-forwarded-for": "198.51.100.43" },
    );
    expect(recorded).not.toBe("198.51.100.42");
    expect(recorded).not.toBe("198.51.100.43");
  });

  it("records the address a proxy's spelling names: ports, brackets, mapped IPv4, RFC 5952", async () => {
    const spellings = {
      "1.2.3.4:5678": "1.2.3.4",
      "[2001:db8::1]:443": "2001:db8::1",
      "::ffff:102:304": "1.2.3.4",
      "2001:0DB8:0001:0002:0003:0004:0005:0006": "2001:db8:1:2:3:4:5:6",
    };
    const account = await createSignedInUser();
    for (const [header, address] of Object.entries(spellings)) {
      expect(await signInThroughBetterAuth({}, { "x-real-ip": header }, account)).toBe(address);
    }
  });

  it("records no address for a value that names none", async () => {
    expect(await signInThroughBetterAuth({}, { "x-real-ip": "not-an-ip" })).toBeNull();
  });
});
