import { describe, expect, it } from "vitest";
import {
  PASSWORD_MESSAGES,
  passwordRuleProblem,
  passwordStrength,
} from "@/lib/auth/fields/password-rules";

// The rules the forms run as the user types, the same function the server's `newPassword` runs.
describe("passwordRuleProblem", () => {
  it.each([
    ["1234567", PASSWORD_MESSAGES.tooShort],
    ["x".repeat(129), PASSWORD_MESSAGES.tooLong],
    ["aaaaaaaa", PASSWORD_MESSAGES.repetitive],
    ["abababab", PASSWORD_MESSAGES.repetitive],
    ["xyzxyzxyz", PASSWORD_MESSAGES.repetitive],
    ["12345678", PASSWORD_MESSAGES.sequential],
    ["98765432", PASSWORD_MESSAGES.sequential],
    ["ABCDEFGHIJ", PASSWORD_MESSAGES.sequential],
    ["aaaa aaaa", PASSWORD_MESSAGES.repetitive],
  ])("refuses %j", (password, message) => {
    expect(passwordRuleProblem(password)).toBe(message);
  });

  it.each(["correct horse battery", "k3y-pad!", "12345679", "abcdefgj", "🙂🙂🙂🙂🙂🙂🙂x"])(
    "accepts %j",
    (password) => {
      expect(passwordRuleProblem(password)).toBeNull();
    },
  );

  it("counts characters, not UTF-16 units: seven emoji are too short", () => {
    expect(passwordRuleProblem("🙂🎉🚀🌍🍕🎸🐙")).toBe(PASSWORD_MESSAGES.tooShort);
  });
});

describe("passwordStrength", () => {
  it("grows with length and variety, and is 0 for what the rules refuse", () => {
    expect(passwordStrength("aaaaaaaa").score).toBe(0);
    expect(passwordStrength("k3y-pad!").score).toBeGreaterThanOrEqual(1);
    expect(passwordStrength("correct horse battery staple").score).toBe(3);
    expect(passwordStrength("hunter22").score).toBeLessThan(
      passwordStrength("Tr0ub4dor&3-xyzzy").score,
    );
  });
});
