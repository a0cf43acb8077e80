import { eq } from "drizzle-orm";
import { POST as register } from "@/app/api/auth/register/route";
import { getDb } from "@/lib/db/client";
import { type UserProfile, user as userTable } from "@/lib/db/schema";
import type { Role } from "@/lib/validation/roles";
import { setCookies } from "./cookies";
import { jsonRequest, uniqueEmail } from "./http";

export const TEST_PASSWORD = "correct horse battery";

// Kept here too: most tests that sign in also read the cookies it set.
export { setCookies };

/**
 * Registers a fresh user through the real /api/auth/register handler and returns its
 * credentials, ready to send: `headers` for Bearer requests, `cookie` for browser-like ones.
 * Its address counts as proven (as after its owner followed the verification link, which
 * tests/integration/email-verification.test.ts drives for real), since passkeys, authenticator
 * apps and provider links need a proven address; `verified: false` leaves it as registered.
 */
export async function createSignedInUser(
  options: { role?: Role; email?: string; verified?: boolean } = {},
) {
  const email = options.email ?? uniqueEmail(options.role ?? "user");
  const response = await register(
    jsonRequest("/api/auth/register", { body: { email, password: TEST_PASSWORD } }),
  );
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${await response.text()}`);
  const { user } = (await response.json()) as {
    user: UserProfile;
  };
  if (options.verified !== false) {
    await getDb().update(userTable).set({ emailVerified: true }).where(eq(userTable.id, user.id));
    user.emailVerified = true;
  }
  if (options.role && options.role !== user.role) {
    await getDb().update(userTable).set({ role: options.role }).where(eq(userTable.id, user.id));
    user.role = options.role;
  }
  const cookies = setCookies(response);
  const accessToken = cookies.access_token?.value ?? "";
  const refreshToken = cookies.refresh_token?.value ?? "";
  return {
    user,
    email,
    password: TEST_PASSWORD,
    accessToken,
    refreshToken,
    headers: { authorization: `Bearer ${accessToken}` },
    cookie: `access_token=${accessToken}; refresh_token=${refreshToken}`,
  };
}
