import { describe, expect, it, vi } from "vitest";
import { POST as token } from "@/app/api/oauth/token/route";
import { TEST_ORIGIN, uniqueClientIp } from "../../support/http";
import { freezeClockMidMinute } from "../../support/isolation";
import { registerClient } from "./harness";

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
  process.env.RATE_LIMIT_OAUTH_TOKEN_CLIENT = "3/1m";
  process.env.RATE_LIMIT_OAUTH_TOKEN_IP = "5/1m";
});

const guess = (clientId: string, ip = uniqueClientIp(), secret?: string) =>
  token(
    new Request(`${TEST_ORIGIN}/api/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-real-ip": ip },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: "guessed",
        client_id: clientId,
        ...(secret ? { client_secret: secret } : {}),
      }),
    }),
  );

describe("the token endpoint's rate limits", () => {
  it("counts a confidential client's requests per client, whatever the IP, in the OAuth shape", async () => {
    freezeClockMidMinute();
    const client = await registerClient({ confidential: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await guess(client.clientId, uniqueClientIp(), client.secret)).status).toBe(400);
    }
    const limited = await guess(client.clientId, uniqueClientIp(), client.secret);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
    expect((await limited.json()).error).toBe("rate_limited");
  });

  it("keeps no counter per public client: its id is no secret, so nobody can spend its users' share", async () => {
    freezeClockMidMinute();
    const client = await registerClient();
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await guess(client.clientId)).status).toBe(400);
    }
  });

  it("counts a wrong secret per IP only: it proves nothing, so it spends no client's share", async () => {
    freezeClockMidMinute();
    const client = await registerClient({ confidential: true });
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await guess(client.clientId, uniqueClientIp(), "tfcs_wrong")).status).toBe(401);
    }
    expect((await guess(client.clientId, uniqueClientIp(), client.secret)).status).toBe(400);
  });

  it("counts requests per IP, whatever the client", async () => {
    freezeClockMidMinute();
    const ip = uniqueClientIp();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await guess((await registerClient()).clientId, ip)).status).toBe(400);
    }
    expect((await guess((await registerClient()).clientId, ip)).status).toBe(429);
  });
});
