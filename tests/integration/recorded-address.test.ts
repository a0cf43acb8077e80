import { describe, expect, it } from "vitest";
import { POST as betterAuth } from "@/app/api/auth/[...all]/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { GET as sessions } from "@/app/api/auth/sessions/route";
import { recentSecurityActivity } from "@/lib/auth/account/security-events";
import { createSignedInUser, setCookies } from "../support/auth";
import { jsonRequest } from "../support/http";
import { addPasskey, newAuthenticator, signInWithPasskey } from "../support/passkeys";
import { CHALLENGE, cookieOf, enableAuthenticator, tokenCookies } from "../support/second-factor";

// Every session row and security event carries the client's address in its canonical spelling,
// whichever way the trusted proxy header wrote it and whichever sign-in path made the row: what
// Settings shows under "Active sessions" and "Security activity" (never "Unknown IP" for an
// address that was known).
const SPELLINGS = [
  { header: "203.0.113.9:5678", shown: "203.0.113.9" },
  { header: "[2001:db8::1]:443", shown: "2001:db8::1" },
  { header: "::ffff:203.0.113.9", shown: "203.0.113.9" },
];

type Signed = { cookie: string; userId: string };

async function shownAddresses({ cookie, userId }: Signed) {
  const listed = await sessions(
    jsonRequest("/api/auth/sessions", { method: "GET", headers: { cookie } }),
  );
  expect(listed.status).toBe(200);
  const body = (await listed.json()) as {
    sessions: { current: boolean; ipAddress: string | null }[];
  };
  const [event] = await recentSecurityActivity(userId);
  return { session: body.sessions.find((row) => row.current)?.ipAddress, event: event?.ipAddress };
}

async function passwordSignIn(path: "/api/auth/login" | "/api/auth/sign-in/email", ip: string) {
  const account = await createSignedInUser();
  const handler = path === "/api/auth/login" ? login : betterAuth;
  const body = { email: account.email, password: account.password };
  const answer = await handler(jsonRequest(path, { body, headers: { "x-real-ip": ip } }));
  expect(answer.status).toBe(200);
  return { cookie: tokenCookies(answer), userId: account.user.id };
}

const SIGN_INS: Record<string, (ip: string) => Promise<Signed>> = {
  "password through /api/auth/login": (ip) => passwordSignIn("/api/auth/login", ip),
  "password through the front door": (ip) => passwordSignIn("/api/auth/sign-in/email", ip),
  "second factor": async (ip) => {
    const account = await createSignedInUser();
    const { code } = await enableAuthenticator(account);
    const body = { email: account.email, password: account.password };
    const pending = await login(jsonRequest("/api/auth/login", { body }));
    const challenge = cookieOf(pending, CHALLENGE);
    expect(challenge).not.toBe("");
    const verified = await betterAuth(
      jsonRequest("/api/auth/two-factor/verify-totp", {
        body: { code: code() },
        headers: { cookie: challenge, "x-real-ip": ip },
      }),
    );
    expect(verified.status).toBe(200);
    return { cookie: tokenCookies(verified), userId: account.user.id };
  },
  passkey: async (ip) => {
    const account = await createSignedInUser();
    const authenticator = newAuthenticator();
    expect((await addPasskey(account, authenticator)).status).toBe(200);
    const { answer } = await signInWithPasskey(authenticator, {}, { headers: { "x-real-ip": ip } });
    expect(answer.status).toBe(200);
    return { cookie: tokenCookies(answer), userId: account.user.id };
  },
};

describe("the address recorded for a session and a security event", () => {
  for (const [path, signIn] of Object.entries(SIGN_INS)) {
    for (const { header, shown } of SPELLINGS) {
      it(`${path}, X-Real-IP ${header}: shows ${shown}`, async () => {
        expect(await shownAddresses(await signIn(header))).toEqual({
          session: shown,
          event: shown,
        });
      });
    }
  }

  for (const { header, shown } of SPELLINGS) {
    it(`a refresh token two rotations old, X-Real-IP ${header}: the event shows ${shown}`, async () => {
      const account = await createSignedInUser();
      const present = async (token: string) => {
        const answer = await refresh(
          jsonRequest("/api/auth/refresh", {
            headers: { cookie: `refresh_token=${token}`, "x-real-ip": header },
          }),
        );
        return { status: answer.status, successor: setCookies(answer).refresh_token?.value ?? "" };
      };
      const first = await present(account.refreshToken);
      expect((await present(first.successor)).status).toBe(200);
      expect((await present(account.refreshToken)).status).toBe(401);
      const [event] = await recentSecurityActivity(account.user.id);
      expect(event).toMatchObject({ label: expect.stringMatching(/stolen/), ipAddress: shown });
    });
  }
});
