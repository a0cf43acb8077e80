import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_LOGIN, safeNextPath } from "@/lib/auth/safe-next";

describe("safeNextPath (where login sends the user)", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/settings?tab=sessions", "/settings?tab=sessions"],
    ["/admin#users", "/admin#users"],
    ["/dashboard/../settings", "/settings"],
  ])("keeps the same-origin path %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    ["nothing", undefined],
    ["an empty value", ""],
    ["a protocol-relative URL", "//evil.com"],
    ["a protocol-relative URL with a path", "//evil.com/dashboard"],
    ["an absolute https URL", "https://evil.com"],
    ["an absolute URL on our own scheme", "http:evil.com"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a backslash read as a slash", "/\\evil.com"],
    ["backslashes only", "\\\\evil.com"],
    ["a tab that browsers strip", "/\t/evil.com"],
    ["a newline that browsers strip", "/\n/evil.com"],
    ["a relative path", "dashboard"],
    ["an over-long value", `/${"a".repeat(3000)}`],
  ])("falls back to /dashboard for %s", (_label, next) => {
    expect(safeNextPath(next)).toBe(DEFAULT_AFTER_LOGIN);
  });
});
