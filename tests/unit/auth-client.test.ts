import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/client/api-error";
import { authClient, betterAuthCall } from "@/lib/client/auth-client";

// The server is the one thing not run here: each test answers the client's request itself.
function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  const sent: Request[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(new Request(input, init));
    return Response.json(body, { status, headers });
  });
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("Better Auth's client refuses as our routes do", () => {
  it("keeps the front door's field errors", async () => {
    answer(400, {
      error: {
        code: "validation_error",
        message: "Invalid input",
        fields: { newPassword: ["Use at least 12 characters"] },
      },
    });
    const refused = await betterAuthCall(() =>
      authClient.changePassword({ currentPassword: "old", newPassword: "short" }),
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({
      status: 400,
      code: "validation_error",
      fields: { newPassword: ["Use at least 12 characters"] },
    });
  });

  it("keeps a 429's Retry-After for the form's countdown", async () => {
    answer(429, { code: "RATE_LIMITED", message: "Too many requests" }, { "retry-after": "42" });
    const refused = await betterAuthCall(
      () => authClient.sendVerificationEmail({ email: "a@b.c" }),
      {
        anonymous: true,
      },
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 429, code: "rate_limited", retryAfterSeconds: 42 });
  });

  it("keeps Better Auth's own code, and hands a plugin's client a result rather than a throw", async () => {
    const sent = answer(401, { code: "SESSION_NOT_FRESH", message: "Sign in again" });
    const result = await authClient.passkey.listUserPasskeys();
    expect(result.error).toMatchObject({ status: 401, code: "SESSION_NOT_FRESH" });
    expect(new URL(sent[0]?.url ?? "").pathname).toBe("/api/auth/passkey/list-user-passkeys");
  });
});
