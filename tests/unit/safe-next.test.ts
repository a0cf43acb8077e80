import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_LOGIN, safeNextPath } from "@/lib/auth/tokens/safe-next";
import { REDIRECT_URI_MAX_LENGTH } from "@/lib/validation/redirect-uri";
import { SAFE_NEXT, UNSAFE_NEXT } from "../support/unsafe-next";

describe("safeNextPath (where login sends the user)", () => {
  it.each(SAFE_NEXT)("keeps the same-origin path %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    ...UNSAFE_NEXT,
    ["nothing", undefined],
    ["an empty value", ""],
    ["a relative path", "dashboard"],
    ["a malformed escape after decoding", "/%25E0%25A4%25A"],
    ["an over-long value", `/${"a".repeat(9000)}`],
  ] as const)("falls back to /dashboard for %s", (_label, next) => {
    expect(safeNextPath(next)).toBe(DEFAULT_AFTER_LOGIN);
  });

  it("keeps the longest authorization request an app may send, for after sign-in", () => {
    const request = `/oauth/authorize?${new URLSearchParams({
      response_type: "code",
      client_id: `tfc_${"c".repeat(22)}`,
      redirect_uri: `https://app.example.com/callback/${"a".repeat(REDIRECT_URI_MAX_LENGTH)}`.slice(
        0,
        REDIRECT_URI_MAX_LENGTH,
      ),
      scope: "tasks:read tasks:write profile",
      state: "s&=?".repeat(256),
      code_challenge: "x".repeat(43),
      code_challenge_method: "S256",
      resource: "https://tasks.example.com/api/mcp",
    })}`;
    expect(request.length).toBeGreaterThan(4500);
    expect(safeNextPath(request)).toBe(request);
  });
});
