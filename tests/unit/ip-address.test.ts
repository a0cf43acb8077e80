import { isIP } from "node:net";
import { getIP } from "better-auth/api";
import { describe, expect, it } from "vitest";
import { displayIp } from "@/lib/auth/account/ip-address";
import { formatIpAddress, networkOf, parseIpAddress } from "@/lib/http/ip-address";

const canonical = (text: string) => {
  const address = parseIpAddress(text);
  return address && formatIpAddress(address);
};

// How proxies and platforms write one address, and the address they name.
const SPELLINGS: [written: string, address: string][] = [
  ["1.2.3.4", "1.2.3.4"],
  [" 1.2.3.4 ", "1.2.3.4"],
  ["1.2.3.4:5678", "1.2.3.4"],
  ["0.0.0.0", "0.0.0.0"],
  ["255.255.255.255:65535", "255.255.255.255"],
  ["2001:db8::1", "2001:db8::1"],
  ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
  ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
  ["[2001:db8::1]", "2001:db8::1"],
  ["[2001:db8::1]:443", "2001:db8::1"],
  ["fe80::1%eth0", "fe80::1"],
  ["[fe80::1%25eth0]:8080", "fe80::1"],
  ["::1", "::1"],
  ["::", "::"],
  ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
  ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
  ["::ffff:102:304", "1.2.3.4"],
  ["::ffff:1.2.3.4", "1.2.3.4"],
  ["::FFFF:1.2.3.4", "1.2.3.4"],
  ["0:0:0:0:0:ffff:102:304", "1.2.3.4"],
  ["[::ffff:1.2.3.4]:80", "1.2.3.4"],
  ["64:ff9b::1.2.3.4", "64:ff9b::102:304"],
];

// Not an address: never a key of its own, never shown.
const GARBAGE = [
  "",
  "unknown",
  "garbage-1",
  "<script>alert(1)</script>",
  "1.2.3",
  "1.2.3.4.5",
  "256.1.1.1",
  "01.2.3.4",
  "1.2.3.4:",
  "1.2.3.4:99999",
  "1.2.3.4:80:80",
  "1.2.3.4, 5.6.7.8",
  "[1.2.3.4]",
  "[2001:db8::1]:",
  "[2001:db8::1]:70000",
  "2001:db8::1::2",
  "2001:db8:::1",
  ":::",
  "1:2:3:4:5:6:7:8:9",
  "1:2:3:4:5:6:7",
  "g::1",
  "12345::1",
  "::ffff:1.2.3.256",
  "::1.2.3",
  "2001:db8::1 evil",
  `${"1".repeat(100)}`,
];

describe("parseIpAddress (the one IP parser)", () => {
  it.each(SPELLINGS)("reads %j as %s", (written, address) => {
    expect(canonical(written)).toBe(address);
  });

  it.each(GARBAGE)("refuses %j", (written) => {
    expect(parseIpAddress(written)).toBeNull();
  });

  it("agrees with Node on what is an address, and with WHATWG URL on how IPv6 is written", () => {
    for (const [, address] of SPELLINGS) {
      expect(isIP(address), address).not.toBe(0);
      if (address.includes(":")) {
        expect(new URL(`http://[${address}]/`).hostname).toBe(`[${address}]`);
      }
    }
    for (const written of GARBAGE) {
      if (isIP(written.trim()) !== 0) expect.fail(`${written} is an address to Node`);
    }
  });

  it("cuts IPv6 to a network and leaves no bit behind", () => {
    const address = parseIpAddress("2001:db8:aa:bbff:ffff:ffff:ffff:ffff");
    expect(address && formatIpAddress(networkOf(address, 64))).toBe("2001:db8:aa:bbff::");
    expect(address && formatIpAddress(networkOf(address, 60))).toBe("2001:db8:aa:bbf0::");
  });

  it("names the same client as Better Auth's getIP for every address Better Auth accepts", () => {
    const options = { advanced: { ipAddress: { ipAddressHeaders: ["x-real-ip"] } } };
    for (const [, address] of SPELLINGS) {
      const seen = getIP(new Headers({ "x-real-ip": address }), options);
      expect(seen && canonical(seen), address).toBe(
        address.includes(":") ? ours64(address) : address,
      );
    }
  });
});

// Our /64 of an IPv6 address, as text.
function ours64(text: string): string | null {
  const address = parseIpAddress(text);
  return address && formatIpAddress(networkOf(address, 64));
}

describe("displayIp (addresses in the session list)", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["2001:0db8:0001:0002:0000:0000:0000:0000", "2001:db8:1:2::"],
    ["0000:0000:0000:0000:0000:0000:0000:0001", "::1"],
    ["2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"],
    ["2001:0db8:0001:0002:0003:0004:0005:0006", "2001:db8:1:2:3:4:5:6"],
    ["2001:db8::1", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["::ffff:102:304", "1.2.3.4"],
  ])("writes %s as %s", (stored, shown) => {
    expect(displayIp(stored)).toBe(shown);
  });

  it("has nothing to show for no address, the unspecified one, or one that is not an address", () => {
    expect(displayIp(null)).toBeNull();
    expect(displayIp("")).toBeNull();
    expect(displayIp("0000:0000:0000:0000:0000:0000:0000:0000")).toBeNull();
    expect(displayIp("<script>alert(1)</script>")).toBeNull();
  });
});
