import { getEnv } from "@/lib/env";
import { formatIpAddress, type IpAddress, networkOf, parseIpAddress } from "./ip-address";

/**
 * The client's IP. Only the header the hosting platform or your reverse proxy sets itself is
 * trusted (TRUSTED_IP_HEADER: Vercel's `x-real-ip`; self-hosted, the header your proxy writes,
 * docs/deploy.md): a client can send any `X-Forwarded-For` or `X-Real-IP` it likes, and the
 * leftmost X-Forwarded-For value is exactly the one it controls. When the trusted header holds
 * a list (a proxy that appends), the rightmost value is the one the proxy added.
 *
 * Without the header, with `TRUSTED_IP_HEADER=none`, or with a value that names no address,
 * every such request shares one bucket: strict, but never a fresh counter per forged header.
 * Better Auth reads the same header (`betterAuthIpAddressOptions`, in
 * lib/auth/better-auth/auth.ts).
 */
const SHARED_IP_BUCKET = "unknown";

// IPv6 clients usually own a whole /64 and can rotate through it at will, so limits count them
// per /64, and so does Better Auth's own limiter. A session or event records the whole address.
const IPV6_BUCKET_PREFIX = 64;

/**
 * The rate-limit key of the request's client: its IPv4 address or IPv6 /64, or one shared key.
 * Takes a request or a page's headers.
 */
export function clientIp(source: { headers: Headers }): string {
  const address = trustedAddress(source.headers);
  if (!address) return SHARED_IP_BUCKET;
  if (address.version === 4) return formatIpAddress(address);
  return `${formatIpAddress(networkOf(address, IPV6_BUCKET_PREFIX))}/${IPV6_BUCKET_PREFIX}`;
}

/**
 * The client's address as the trusted header names it, in its canonical spelling, for the record
 * (sessions, security events); null when unknown. Takes a request or Better Auth's context.
 */
export function clientAddress(source: { headers: Headers }): string | null {
  const address = trustedAddress(source.headers);
  return address && formatIpAddress(address);
}

/**
 * Better Auth's `advanced.ipAddress`: the same header, the same IPv6 network size, so that it
 * never reads a client-chosen X-Forwarded-For. The address a session records is still ours
 * (`clientAddress`, in lib/auth/better-auth/auth.ts): Better Auth's parser refuses `1.2.3.4:5678`.
 */
export function betterAuthIpAddressOptions() {
  const header = getEnv().TRUSTED_IP_HEADER;
  // No header at all (`none`): Better Auth then finds no IP and, like us, uses one shared bucket.
  return { ipAddressHeaders: header ? [header] : [], ipv6Subnet: IPV6_BUCKET_PREFIX };
}

function trustedAddress(headers: Headers): IpAddress | null {
  const header = getEnv().TRUSTED_IP_HEADER;
  const value = header ? headers.get(header)?.split(",").at(-1) : undefined;
  return value === undefined ? null : parseIpAddress(value);
}
