import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/auth/me/route";
import { getDb } from "@/lib/db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from "@/lib/dev/demo-accounts";
import { setCookies } from "../support/auth";
import { COMMAND_TEST_TIMEOUT, runCommand } from "../support/child-process";
import { jsonRequest } from "../support/http";
import { taskApi } from "../support/tasks";

async function signIn(email: string) {
  const response = await login(
    jsonRequest("/api/auth/login", { body: { email, password: DEMO_PASSWORD } }),
  );
  expect(response.status).toBe(200);
  return { authorization: `Bearer ${setCookies(response).access_token?.value}` };
}

describe("npm run db:seed: demo accounts for development", () => {
  it("signs in as the member, who has a few tasks, and as the admin, twice seeded", async () => {
    await seedDemoAccounts(getDb());
    await seedDemoAccounts(getDb());
    const [member, admin] = DEMO_ACCOUNTS;
    const memberHeaders = await signIn(member?.email as string);
    expect((await taskApi(memberHeaders).page()).items.length).toBeGreaterThanOrEqual(3);
    const adminHeaders = await signIn(admin?.email as string);
    const profile = await me(jsonRequest("/api/auth/me", { method: "GET", headers: adminHeaders }));
    expect(await profile.json()).toMatchObject({ user: { role: "admin" } });
  });

  it(
    "refuses to run in production, before it opens any database",
    async () => {
      const refused = runCommand(process.execPath, ["--import", "tsx", "scripts/seed.ts"], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          DATABASE_URL: "postgres://nowhere.invalid/x",
        },
      });
      await expect(refused).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining("Refusing to seed demo accounts with NODE_ENV=production"),
      });
    },
    COMMAND_TEST_TIMEOUT,
  );
});
