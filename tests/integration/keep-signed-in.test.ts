import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as betterAuth } from "@/app/api/auth/[...all]/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { getDb } from "@/lib/db/client";
import { session } from "@/lib/db/schema";
import { createSignedInUser, setCookies } from "../support/auth";
import { jsonRequest } from "../support/http";
import { addPasskey, newAuthenticator, passkeyPost, signInWithPasskey } from "../support/passkeys";

// "Keep me signed in": unchecked, the access and refresh cookies have no Max-Age (they end with
// the browser session), and stay so through every rotation; checked, the refresh cookie lasts
// the family's seven days.

const SEVEN_DAYS = 7 * 24 * 60 * 60;

const maxAge = (attributes: string | undefined) => {
  const match = /Max-Age=(\d+)/i.exec(attributes ?? "");
  return match ? Number(match[1]) : undefined;
};

/** What a browser would send back: every cookie the answer set with a value. */
const cookieHeader = (response: Response) =>
  Object.entries(setCookies(response))
    .filter(([, cookie]) => cookie.value)
    .map(([name, cookie]) => `${name}=${cookie.value}`)
    .join("; ");

const signIn = async (email: string, password: string, rememberMe?: boolean) => {
  const response = await login(
    jsonRequest("/api/auth/login", { body: { email, password, rememberMe } }),
  );
  expect(response.status).toBe(200);
  return response;
};

const refreshWith = async (cookie: string) => {
  const response = await refresh(jsonRequest("/api/auth/refresh", { headers: { cookie } }));
  expect(response.status).toBe(200);
  return response;
};

describe("keep me signed in", () => {
  it("unchecked: both cookies last the browser session, through every rotation", async () => {
    const { email, password } = await createSignedInUser();
    // The browser keeps every cookie it was given (Better Auth's dont_remember marker included).
    const jar = new Map<string, string>();
    const keep = (answer: Response) => {
      for (const [name, cookie] of Object.entries(setCookies(answer))) jar.set(name, cookie.value);
      return setCookies(answer);
    };
    let cookies = keep(await signIn(email, password, false));
    for (let rotation = 0; rotation < 3; rotation++) {
      expect(cookies.refresh_token?.value).toBeTruthy();
      expect(maxAge(cookies.refresh_token?.attributes)).toBeUndefined();
      expect(maxAge(cookies.access_token?.attributes)).toBeUndefined();
      const sent = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
      cookies = keep(await refreshWith(sent));
    }
  });

  it("checked: the refresh cookie lasts seven days, also after a rotation", async () => {
    const { email, password } = await createSignedInUser();
    const answer = await signIn(email, password, true);
    expect(maxAge(setCookies(answer).refresh_token?.attributes)).toBeGreaterThan(SEVEN_DAYS - 60);
    const rotated = setCookies(await refreshWith(cookieHeader(answer)));
    expect(maxAge(rotated.refresh_token?.attributes)).toBeGreaterThan(SEVEN_DAYS - 60);
  });

  it("an API client that says nothing keeps the seven days", async () => {
    const { email, password } = await createSignedInUser();
    const answer = await signIn(email, password);
    expect(maxAge(setCookies(answer).refresh_token?.attributes)).toBeGreaterThan(SEVEN_DAYS - 60);
  });

  it("Better Auth's own sign-in with rememberMe: false gets session cookies too", async () => {
    const { email, password } = await createSignedInUser();
    const answer = await betterAuth(
      jsonRequest("/api/auth/sign-in/email", { body: { email, password, rememberMe: false } }),
    );
    expect(answer.status).toBe(200);
    const cookies = setCookies(answer);
    expect(cookies.refresh_token?.value).toBeTruthy();
    expect(maxAge(cookies.refresh_token?.attributes)).toBeUndefined();
    const rotated = setCookies(await refreshWith(cookieHeader(answer)));
    expect(maxAge(rotated.refresh_token?.attributes)).toBeUndefined();
  });

  describe("signing in with a passkey", () => {
    const signedInWithPasskey = async (keepSignedIn: boolean) => {
      const owner = await createSignedInUser();
      const authenticator = newAuthenticator();
      expect((await addPasskey(owner, authenticator)).status).toBe(200);
      const { answer } = await signInWithPasskey(authenticator, {}, { keepSignedIn });
      expect(answer.status).toBe(200);
      const [newest] = await getDb()
        .select({ expiresAt: session.expiresAt })
        .from(session)
        .where(eq(session.userId, owner.user.id))
        .orderBy(desc(session.createdAt))
        .limit(1);
      const sessionHours = ((newest?.expiresAt.getTime() ?? 0) - Date.now()) / 3_600_000;
      return { answer, sessionHours };
    };

    it("unchecked: session cookies through a rotation, and a session of one day", async () => {
      const { answer, sessionHours } = await signedInWithPasskey(false);
      const cookies = setCookies(answer);
      expect(cookies.refresh_token?.value).toBeTruthy();
      expect(maxAge(cookies.refresh_token?.attributes)).toBeUndefined();
      expect(maxAge(cookies.access_token?.attributes)).toBeUndefined();
      const rotated = setCookies(await refreshWith(cookieHeader(answer)));
      expect(maxAge(rotated.refresh_token?.attributes)).toBeUndefined();
      expect(sessionHours).toBeGreaterThan(23);
      expect(sessionHours).toBeLessThanOrEqual(24);
    });

    it("a flag that is neither true nor false, or another query, is a 400 naming it", async () => {
      for (const query of ["rememberMe=no", "rememberMe=false&other=1"]) {
        const answer = await passkeyPost(`/verify-authentication?${query}`, { response: {} });
        expect(answer.status).toBe(400);
        const { error } = await answer.json();
        expect(error.code).toBe("validation_error");
        expect(Object.keys(error.fields ?? {}).length).toBeGreaterThan(0);
      }
    });

    it("checked: seven days, as with a password", async () => {
      const { answer, sessionHours } = await signedInWithPasskey(true);
      expect(maxAge(setCookies(answer).refresh_token?.attributes)).toBeGreaterThan(SEVEN_DAYS - 60);
      expect(sessionHours).toBeGreaterThan(7 * 24 - 1);
    });
  });
});
