import { and, eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { oauthDeviceCode, securityEvent } from "@/lib/db/schema";
import { createSignedInUser } from "../../support/auth";
import { jsonRequest, TEST_ORIGIN, uniqueClientIp } from "../../support/http";
import { freezeClockMidMinute, importWithEnv, restoreEnv } from "../../support/isolation";
import { expectDocumented } from "../../support/openapi";
import {
  callTaskApi,
  discover,
  postAsPage,
  type RegisteredClient,
  registerClient,
  type Server,
  serveForThisFile,
  tokenRequest,
  type User,
} from "./harness";

vi.hoisted(() => {
  process.env.OAUTH_PROVIDER = "on";
  process.env.RATE_LIMIT_OAUTH_USER_CODE_USER = "4/1m";
  process.env.RATE_LIMIT_OAUTH_USER_CODE_IP = "6/1m";
});

const served = serveForThisFile();
afterEach(() => vi.useRealTimers());
const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** A command-line tool starts the flow, with a hand-written form. */
async function startDevice(client: RegisteredClient, form: Record<string, string> = {}) {
  const response = await fetch(`${served.current.origin}/api/oauth/device_authorization`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-real-ip": uniqueClientIp(),
    },
    body: new URLSearchParams({ client_id: client.clientId, ...form }),
  });
  return response;
}

async function startedDevice(client: RegisteredClient) {
  const response = await startDevice(client, { scope: "tasks:read tasks:write" });
  expect(response.status, await response.clone().text()).toBe(200);
  await expectDocumented("post", "/api/oauth/device_authorization", response.clone());
  return (await response.json()) as { device_code: string; user_code: string; interval: number };
}

/** The user's browser answers on /device, signed in, from our own origin, as the page does. */
function answerOnPage(
  server: Server,
  user: User,
  userCode: string,
  decision: "allow" | "deny" = "allow",
  from: { ip?: string; origin?: string } = {},
) {
  return postAsPage(server, "/api/oauth/device", user, { user_code: userCode, decision }, from);
}

const poll = (client: RegisteredClient, deviceCode: string) =>
  tokenRequest(served.current, {
    grant_type: DEVICE_CODE_GRANT,
    device_code: deviceCode,
    client_id: client.clientId,
  });

async function pollError(client: RegisteredClient, deviceCode: string) {
  const response = await poll(client, deviceCode);
  expect(response.status).toBe(400);
  return ((await response.json()) as { error: string }).error;
}

const stored = async (userCode: string) => {
  const [row] = await getDb()
    .select()
    .from(oauthDeviceCode)
    .where(eq(oauthDeviceCode.userCode, userCode.replace("-", "")));
  return row;
};

const eventsOf = async (userId: string, type: string) =>
  getDb()
    .select()
    .from(securityEvent)
    .where(and(eq(securityEvent.userId, userId), eq(securityEvent.type, type)));

describe("the device authorization grant, driven by openid-client", () => {
  it("gives a command-line tool tokens once the user allows its code on /device", async () => {
    const client = await registerClient();
    const config = await discover(served.current, client);
    expect(config.serverMetadata()).toMatchObject({
      device_authorization_endpoint: `${TEST_ORIGIN}/api/oauth/device_authorization`,
      grant_types_supported: expect.arrayContaining([DEVICE_CODE_GRANT]),
    });
    const device = await oidc.initiateDeviceAuthorization(config, {
      scope: "tasks:read tasks:write",
    });
    expect(device.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(device).toMatchObject({
      verification_uri: `${TEST_ORIGIN}/device`,
      verification_uri_complete: `${TEST_ORIGIN}/device?user_code=${device.user_code}`,
      expires_in: 600,
      interval: 5,
    });
    // Only the hash of the device code is kept.
    const row = await stored(device.user_code);
    expect(row?.deviceCodeHash).not.toBe(device.device_code);

    const user = await createSignedInUser();
    // Typed as a person would: lower-case, without the dash, with spaces.
    const typed = ` ${device.user_code.replace("-", " ").toLowerCase()} `;
    const answered = await answerOnPage(served.current, user, typed);
    expect(answered.status, await answered.clone().text()).toBe(303);
    expect(answered.headers.get("location")).toBe("/device?answer=allowed");
    expect(await eventsOf(user.user.id, "oauth_grant_created")).toHaveLength(1);

    const tokens = await oidc.pollDeviceAuthorizationGrant(config, device);
    expect(tokens).toMatchObject({ token_type: "bearer", scope: "tasks:read tasks:write" });
    expect((await callTaskApi(config, tokens.access_token, "POST")).status).toBe(201);
    const listed = await callTaskApi(config, tokens.access_token);
    expect((await listed.json()).items).toHaveLength(1);
    // A grant like any other: its refresh token rotates.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? "");
    expect((await callTaskApi(config, refreshed.access_token)).status).toBe(200);
  });
});

describe("polling", () => {
  it("answers authorization_pending, then slow_down when polled sooner than the interval, which grows by 5 s each time", async () => {
    const client = await registerClient();
    const device = await startedDevice(client);
    expect(await pollError(client, device.device_code)).toBe("authorization_pending");
    expect(await pollError(client, device.device_code)).toBe("slow_down");
    expect((await stored(device.user_code))?.intervalSeconds).toBe(10);
    expect(await pollError(client, device.device_code)).toBe("slow_down");
    expect((await stored(device.user_code))?.intervalSeconds).toBe(15);
  });

  it("answers access_denied after the user denies", async () => {
    const client = await registerClient();
    const device = await startedDevice(client);
    const user = await createSignedInUser();
    const answered = await answerOnPage(served.current, user, device.user_code, "deny");
    expect(answered.headers.get("location")).toBe("/device?answer=denied");
    await expectDocumented("post", "/api/oauth/device", answered);
    expect(await pollError(client, device.device_code)).toBe("access_denied");
    // Answered once: the code no longer finds a request to allow.
    expect((await answerOnPage(served.current, user, device.user_code)).status).toBe(400);
    expect(await pollError(client, device.device_code)).toBe("access_denied");
  });

  it("answers expired_token once the codes expired, and the page no longer takes the user code", async () => {
    const client = await registerClient();
    const device = await startedDevice(client);
    await getDb()
      .update(oauthDeviceCode)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthDeviceCode.userCode, device.user_code.replace("-", "")));
    const user = await createSignedInUser();
    const answered = await answerOnPage(served.current, user, device.user_code);
    expect(answered.status).toBe(400);
    expect((await answered.json()).error.code).toBe("invalid_user_code");
    expect(await pollError(client, device.device_code)).toBe("expired_token");
  });

  it("spends the device code: a second redemption is invalid_grant and revokes the grant it made", async () => {
    const client = await registerClient();
    const config = await discover(served.current, client);
    const device = await startedDevice(client);
    const user = await createSignedInUser();
    expect((await answerOnPage(served.current, user, device.user_code)).status).toBe(303);
    const first = await poll(client, device.device_code);
    expect(first.status).toBe(200);
    const { access_token: accessToken } = (await first.json()) as { access_token: string };
    expect((await callTaskApi(config, accessToken)).status).toBe(200);

    expect(await pollError(client, device.device_code)).toBe("invalid_grant");
    expect((await callTaskApi(config, accessToken)).status).toBe(401);
    expect(await eventsOf(user.user.id, "oauth_code_reuse")).toHaveLength(1);
  });

  it("refuses another client's device code as invalid_grant, and leaves it to its own client", async () => {
    const owner = await registerClient();
    const other = await registerClient();
    const device = await startedDevice(owner);
    const user = await createSignedInUser();
    expect((await answerOnPage(served.current, user, device.user_code)).status).toBe(303);
    expect(await pollError(other, device.device_code)).toBe("invalid_grant");
    expect((await poll(owner, device.device_code)).status).toBe(200);
  });

  it("refuses a scope we do not have, and an unknown client", async () => {
    const client = await registerClient();
    const asked = await startDevice(client, { scope: "tasks:read admin" });
    expect(asked.status).toBe(400);
    await expectDocumented("post", "/api/oauth/device_authorization", asked.clone());
    expect((await asked.json()).error).toBe("invalid_scope");
    const unknown = await startDevice({ clientId: "tfc_AAAAAAAAAAAAAAAAAAAAAA" });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error).toBe("invalid_client");
  });
});

describe("the user's answer on /device", () => {
  it("refuses an account whose address is not proven, and the code stays pending", async () => {
    const client = await registerClient();
    const device = await startedDevice(client);
    const user = await createSignedInUser({ verified: false });
    const answered = await answerOnPage(served.current, user, device.user_code);
    expect(answered.status).toBe(403);
    expect((await answered.json()).error.code).toBe("address_not_proven");
    expect(await pollError(client, device.device_code)).toBe("authorization_pending");
  });

  it("refuses an answer posted from another site", async () => {
    const client = await registerClient();
    const device = await startedDevice(client);
    const user = await createSignedInUser();
    const forged = await answerOnPage(served.current, user, device.user_code, "allow", {
      origin: "https://evil.example",
    });
    expect(forged.status).toBe(403);
    expect(await pollError(client, device.device_code)).toBe("authorization_pending");
  });

  it("counts every code entered per user, right or wrong, and then refuses even the right one", async () => {
    freezeClockMidMinute();
    const client = await registerClient();
    const device = await startedDevice(client);
    const user = await createSignedInUser();
    for (const guess of ["BBBB-BBBB", "CCCC-CCCC", "not a code", "DDDD-DDDD"]) {
      const answered = await answerOnPage(served.current, user, guess);
      expect(answered.status).toBe(400);
    }
    const limited = await answerOnPage(served.current, user, device.user_code);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
    expect(await pollError(client, device.device_code)).toBe("authorization_pending");
  });

  it("counts codes entered per IP, whatever the user", async () => {
    freezeClockMidMinute();
    const ip = uniqueClientIp();
    const users = [await createSignedInUser(), await createSignedInUser()];
    for (let attempt = 0; attempt < 6; attempt++) {
      const answered = await answerOnPage(
        served.current,
        users[attempt % 2] as User,
        "BBBB-CCCC",
        "allow",
        { ip },
      );
      expect(answered.status).toBe(400);
    }
    const limited = await answerOnPage(
      served.current,
      await createSignedInUser(),
      "BBBB-CCCC",
      "allow",
      { ip },
    );
    expect(limited.status).toBe(429);
  });
});

describe("with OAUTH_PROVIDER off", () => {
  afterEach(restoreEnv);

  it("answers 404 at the device endpoints and the page", async () => {
    const { start, answer, page } = await importWithEnv(
      async () => ({
        start: (await import("@/app/api/oauth/device_authorization/route")).POST,
        answer: (await import("@/app/api/oauth/device/route")).POST,
        page: (await import("@/app/device/page")).default,
      }),
      { OAUTH_PROVIDER: undefined },
    );
    const user = await createSignedInUser();
    const form = { "content-type": "application/x-www-form-urlencoded" };
    expect(
      (await start(jsonRequest("/api/oauth/device_authorization", { headers: form }))).status,
    ).toBe(404);
    expect(
      (
        await answer(
          jsonRequest("/api/oauth/device", { headers: { ...form, cookie: user.cookie } }),
        )
      ).status,
    ).toBe(404);
    await expect(page({ searchParams: Promise.resolve({}) })).rejects.toThrow(
      expect.objectContaining({ digest: expect.stringContaining("404") }),
    );
  });
});
