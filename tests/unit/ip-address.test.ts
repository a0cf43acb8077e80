import { describe, expect, it } from "vitest";
import { displayIp } from "@/lib/auth/ip-address";

describe("displayIp (addresses in the session list)", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["2001:0db8:0001:0002:0000:0000:0000:0000", "2001:db8:1:2::"],
    ["0000:0000:0000:0000:0000:0000:0000:0001", "::1"],
    ["2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"],
    ["2001:0db8:0001:0002:0003:0004:0005:0006", "2001:db8:1:2:3:4:5:6"],
    ["2001:db8::1", "2001:db8::1"],
  ])("writes %s as %s", (stored, shown) => {
    expect(displayIp(stored)).toBe(shown);
  });

  it("has nothing to show for no address or the unspecified one", () => {
    expect(displayIp(null)).toBeNull();
    expect(displayIp("")).toBeNull();
    expect(displayIp("0000:0000:0000:0000:0000:0000:0000:0000")).toBeNull();
  });
});
