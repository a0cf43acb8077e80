import { describe, expect, it } from "vitest";
import { ApiError, networkError } from "@/lib/client/api-error";
import { passkeyProblem } from "@/lib/client/passkey-problem";

// The errors as Better Auth's passkeyClient hands them on (@better-auth/passkey/dist/client.mjs):
// a WebAuthn failure keeps @simplewebauthn's code and the browser's message, status 400.
const browserRefused = (code: string) =>
  new ApiError(
    400,
    code,
    "The operation either timed out or was not allowed. See: https://www.w3.org/TR/webauthn-2/#sctn-privacy-considerations-client.",
  );

describe("passkeyProblem (what the page says when a passkey ceremony did not finish)", () => {
  it("answers a closed or refused browser prompt (NotAllowedError) calmly, without the browser's text", () => {
    for (const during of ["add", "sign-in"] as const) {
      const problem = passkeyProblem(
        browserRefused("ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY"),
        during,
      );
      expect(problem.tone).toBe("info");
      expect(problem.text).not.toMatch(/w3\.org|not allowed/i);
      expect(problem.text).toMatch(/prompt was closed/);
    }
    expect(
      passkeyProblem(new ApiError(400, "AUTH_CANCELLED", "Auth cancelled"), "sign-in").tone,
    ).toBe("info");
  });

  it("gives every refused passkey sign-in one message, whatever the server said", () => {
    const answers = [
      new ApiError(401, "AUTHENTICATION_FAILED", "That passkey was not accepted."),
      new ApiError(400, "USER_VERIFICATION_REQUIRED", "Use a passkey that checks it is you"),
      new ApiError(500, "http_500", "Something went wrong"),
      browserRefused("ERROR_AUTHENTICATOR_GENERAL_ERROR"),
    ];
    const texts = new Set(answers.map((error) => passkeyProblem(error, "sign-in").text));
    expect([...texts]).toEqual([
      "That passkey didn’t sign you in. Try again, or sign in with your password.",
    ]);
  });

  it("offers to sign in again when adding needs a recent sign-in (403 session_not_fresh)", () => {
    const stale = new ApiError(403, "SESSION_NOT_FRESH", "For your security, sign in again first");
    expect(passkeyProblem(stale, "add")).toEqual({
      tone: "error",
      text: "For your security, sign in again first",
      signInAgain: true,
    });
    expect(passkeyProblem(new ApiError(403, "FORBIDDEN", "No"), "add").signInAgain).toBeUndefined();
  });

  it("shows the server's own refusals when adding, never the browser's", () => {
    expect(
      passkeyProblem(new ApiError(400, "VALIDATION_ERROR", "Name is too long"), "add").text,
    ).toBe("Name is too long");
    expect(passkeyProblem(browserRefused("ERROR_INVALID_RP_ID"), "add").text).toBe(
      "The passkey couldn’t be added. Please try again.",
    );
    expect(
      passkeyProblem(browserRefused("ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED"), "add").text,
    ).toBe("This device already holds a passkey for your account.");
  });

  it("says when the server cannot be reached or is counting attempts", () => {
    expect(passkeyProblem(networkError(), "sign-in").text).toMatch(/Can’t reach the server/);
    expect(passkeyProblem(new ApiError(429, "rate_limited", "x"), "sign-in").text).toMatch(
      /Too many attempts/,
    );
  });
});
