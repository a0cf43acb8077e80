/**
 * The one parser of IP addresses as text, for every place that reads one: the client IP behind a
 * proxy (lib/http/client-ip.ts), a session's or security event's address on display
 * (lib/auth/account/ip-address.ts). Pure, no Node built-ins.
 *
 * Proxies and platforms write the same address many ways: with a port (`1.2.3.4:5678`,
 * `[2001:db8::1]:443`), bracketed, with a zone (`fe80::1%eth0`), IPv4-mapped (`::ffff:1.2.3.4`,
 * `::ffff:102:304`), in upper case or uncompressed. Each is reduced to the address it names, in
 * one canonical spelling (dotted IPv4; RFC 5952 IPv6), so one client is one key whichever way it
 * was written. Anything else is null: a value that is not an address is never used raw.
 */
export type IpAddress = { version: 4 | 6; bytes: Uint8Array };

// The longest honest spelling: "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255%zone]:65535".
const MAX_LENGTH = 80;
const BRACKETED = /^\[([^\]]+)\](?::(\d{1,5}))?$/;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/;
// Decimal octets only: "010.1.1.1" (octal to some parsers) and "1.2.3" are not addresses here.
const OCTET = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const ZONE = /%[0-9a-z._~-]+$/i;

/** The address `text` names, or null when it names none. */
export function parseIpAddress(text: string): IpAddress | null {
  const value = text.trim();
  if (!value || value.length > MAX_LENGTH) return null;
  const bracketed = BRACKETED.exec(value);
  if (bracketed) {
    if (!validPort(bracketed[2])) return null;
    const inner = parseIpv6((bracketed[1] ?? "").replace(ZONE, ""));
    return inner && unmapped(inner);
  }
  const withPort = IPV4_WITH_PORT.exec(value);
  if (withPort) return validPort(withPort[2]) ? parseIpv4(withPort[1] ?? "") : null;
  if (value.includes(":")) {
    const address = parseIpv6(value.replace(ZONE, ""));
    return address && unmapped(address);
  }
  return parseIpv4(value);
}

/** Canonical text: `1.2.3.4`, `2001:db8::1`. */
export function formatIpAddress({ version, bytes }: IpAddress): string {
  if (version === 4) return bytes.join(".");
  const groups = Array.from({ length: 8 }, (_, index) =>
    (((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0)).toString(16),
  );
  const run = longestZeroRun(groups);
  if (run.length < 2) return groups.join(":");
  const head = groups.slice(0, run.start).join(":");
  const tail = groups.slice(run.start + run.length).join(":");
  return `${head}::${tail}`;
}

/** The address with every bit after the first `prefix` cleared (a network: `2001:db8::/64`). */
export function networkOf(address: IpAddress, prefix: number): IpAddress {
  const bytes = address.bytes.map((byte, index) => {
    const keep = Math.min(8, Math.max(0, prefix - index * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return { version: address.version, bytes };
}

export const isUnspecified = ({ bytes }: IpAddress) => bytes.every((byte) => byte === 0);

function validPort(port: string | undefined): boolean {
  return port === undefined || Number(port) <= 65_535;
}

function parseIpv4(text: string): IpAddress | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part) && Number(part) <= 255)) {
    return null;
  }
  return { version: 4, bytes: Uint8Array.from(parts, Number) };
}

function parseIpv6(text: string): IpAddress | null {
  // An embedded IPv4 tail ("::ffff:1.2.3.4") is the last two groups written in decimal.
  let hex = text;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const ipv4 = parseIpv4(text.slice(lastColon + 1));
    if (!ipv4) return null;
    const [a = 0, b = 0, c = 0, d = 0] = ipv4.bytes;
    hex = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = hex.split("::");
  if (halves.length > 2) return null;
  const [head = "", rest] = halves;
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(missing).fill("0"), ...right];
  if (!groups.every((group) => HEX_GROUP.test(group))) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    const number = Number.parseInt(group, 16);
    bytes[index * 2] = number >> 8;
    bytes[index * 2 + 1] = number & 0xff;
  });
  return { version: 6, bytes };
}

// ::ffff:0:0/96 is an IPv4 client seen through an IPv6 socket: the same client as its IPv4.
function unmapped(address: IpAddress): IpAddress {
  const { bytes } = address;
  const mapped =
    bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? { version: 4, bytes: bytes.slice(12) } : address;
}

function longestZeroRun(groups: string[]) {
  let best = { start: 0, length: 0 };
  let start = -1;
  groups.forEach((group, index) => {
    if (group !== "0") {
      start = -1;
      return;
    }
    if (start < 0) start = index;
    const length = index - start + 1;
    if (length > best.length) best = { start, length };
  });
  return best;
}
