import { getEnv } from "@/lib/env";

/**
 * The client's IP, for per-IP rate limits. Only the header the hosting platform sets itself is
 * trusted (TRUSTED_IP_HEADER, Vercel's `x-real-ip` by default): a client can send any
 * `X-Forwarded-For` or `X-Real-IP` it likes, and the leftmost X-Forwarded-For value is exactly
 * the one it controls. When the trusted header holds a list (a proxy that appends), the
 * rightmost value is the one the proxy added.
 *
 * Without the header (`next dev`, or a misconfigured proxy) every request shares one bucket:
 * strict, but never a fresh counter per forged header.
 */
const SHARED_IP_BUCKET = "unknown";

export function clientIp(request: Request): string {
  return clientIpFrom(request.headers, getEnv().TRUSTED_IP_HEADER);
}

function clientIpFrom(headers: Headers, trustedHeader: string): string {
  const value = headers.get(trustedHeader)?.split(",").at(-1)?.trim();
  if (!value) return SHARED_IP_BUCKET;
  return ipBucket(value);
}

/**
 * IPv6 clients usually own a whole /64 and can rotate through it at will, so they are counted
 * per /64. IPv4 (also IPv4-mapped IPv6) is counted per address.
 */
function ipBucket(ip: string): string {
  const address = ip.toLowerCase().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(":")) return address;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

function expandIpv6(address: string): string[] | null {
  const [head = "", tail, ...rest] = address.replace(/%.*$/, "").split("::");
  if (rest.length > 0) return null;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(missing).fill("0"), ...right];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => group.replace(/^0+(?=.)/, ""));
}
