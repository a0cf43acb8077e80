import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_LOGIN, safeNextPath } from "@/lib/auth/tokens/safe-next";
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
    ["an over-long value", `/${"a".repeat(3000)}`],
  ] as const)("falls back to /dashboard for %s", (_label, next) => {
    expect(safeNextPath(next)).toBe(DEFAULT_AFTER_LOGIN);
  });
});
