// A finished sign-in from a browser the account has not used before mails its owner.
import { URI } from "otpauth";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { POST as login } from "@/app/api/auth/login/route";
import { readOutbox } from "@/lib/email/outbox";
import { afterResponses } from "../support/after-response";
import { createSignedInUser, setCookies, TEST_PASSWORD } from "../support/auth";
import { jsonRequest } from "../support/http";
import { TEST_OUTBOX } from "../support/setup";

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const SUBJECT = "New sign-in to your Taskflow account";

const notices = async (email: string) =>
  (await readOutbox(TEST_OUTBOX)).filter((mail) => mail.to === email && mail.subject === SUBJECT);

async function waitForNotices(email: string, count: number) {
  await afterResponses(async () => expect(await notices(email)).toHaveLength(count));
  return notices(email);
}

function signIn(email: string, cookie = "") {
  return login(
    jsonRequest("/api/auth/login", {
      body: { email, password: TEST_PASSWORD },
      headers: { cookie, "user-agent": FIREFOX, "x-real-ip": "203.0.113.9" },
    }),
  );
}

describe("sign-in notices", () => {
  it("mail the owner after a sign-in from a new browser, not from one it used before", async () => {
    const owner = await createSignedInUser();
    const first = await signIn(owner.email);
    expect(first.status).toBe(200);
    const [notice] = await waitForNotices(owner.email, 1);
    expect(notice?.text).toContain("Device: Firefox on Windows, from 203.0.113.9");
    expect(notice?.text).toContain("/settings#sessions");
    expect(notice?.text).not.toMatch(/token|password=/i);

    const device = setCookies(first).device_token?.value;
    expect((await signIn(owner.email, `device_token=${device}`)).status).toBe(200);
    // Another new browser: the second notice, and no notice came in between.
    expect((await signIn(owner.email)).status).toBe(200);
    expect(await waitForNotices(owner.email, 2)).toHaveLength(2);
  });

  it("wait for the second factor: a correct password alone sends nothing", async () => {
    const owner = await createSignedInUser();
    const cookie = owner.cookie;
    const enabled = await POST(
      jsonRequest("/api/auth/two-factor/enable", {
        body: { password: TEST_PASSWORD },
        headers: { cookie },
      }),
    );
    const totp = URI.parse((await enabled.json()).totpURI);
    const confirmed = await POST(
      jsonRequest("/api/auth/two-factor/verify-totp", {
        body: { code: totp.generate() },
        headers: { cookie },
      }),
    );
    expect(confirmed.status).toBe(200);

    const password = await signIn(owner.email);
    const challenge = `better-auth.two_factor=${setCookies(password)["better-auth.two_factor"]?.value}`;
    const unfinished = await signIn(owner.email);
    expect(await unfinished.json()).toMatchObject({ two_factor_required: true });
    const verified = await POST(
      jsonRequest("/api/auth/two-factor/verify-totp", {
        body: { code: totp.generate() },
        headers: { cookie: challenge, "user-agent": CHROME },
      }),
    );
    expect(verified.status).toBe(200);
    // The one notice is the code's (its browser), none came from the passwords before it.
    const [notice] = await waitForNotices(owner.email, 1);
    expect(notice?.text).toMatch(/Device: Chrome on macOS/);
    expect(await notices(owner.email)).toHaveLength(1);
  });
});
