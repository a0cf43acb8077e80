import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { createSignedInUser, TEST_PASSWORD } from "../support/auth";
import { jsonRequest } from "../support/http";
import { betterAuth, CHALLENGE, cookieOf, enableAuthenticator } from "../support/second-factor";

// Backup codes are typed from paper: no look-alike characters, and any case or spacing works.

async function challenge(email: string): Promise<string> {
  const response = await login(
    jsonRequest("/api/auth/login", { body: { email, password: TEST_PASSWORD } }),
  );
  expect(await response.json()).toMatchObject({ two_factor_required: true });
  return cookieOf(response, CHALLENGE);
}

describe("backup codes", () => {
  it("use upper case without look-alikes, and sign in typed in lower case with spaces", async () => {
    const owner = await createSignedInUser();
    const { backupCodes } = await enableAuthenticator(owner);
    expect(backupCodes).toHaveLength(10);
    for (const code of backupCodes)
      expect(code).toMatch(/^[ACEFGHJKMNPQRTWXY34679]{5}-[ACEFGHJKMNPQRTWXY34679]{5}$/);

    const typed = ` ${backupCodes[0]?.toLowerCase().replace("-", " ")} `;
    const signedIn = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: typed },
      await challenge(owner.email),
    );
    expect(signedIn.status).toBe(200);
    // Used once, in whatever form it was typed.
    const again = await betterAuth(
      "/two-factor/verify-backup-code",
      { code: backupCodes[0] },
      await challenge(owner.email),
    );
    expect(again.status).toBe(401);
  });
});
