import { formatIpAddress, isUnspecified, parseIpAddress } from "@/lib/http/ip-address";

/**
 * An IP address as a person reads it. Better Auth stores IPv6 addresses expanded and cut to
 * their /64 network ("2001:0db8:0001:0002:0000:0000:0000:0000"); this writes them the short way
 * ("2001:db8:1:2::"). The unspecified address (all zeros: no real client address was known) and
 * anything that is not an address at all become null, shown as "Unknown IP".
 */
export function displayIp(ip: string | null): string | null {
  const address = ip ? parseIpAddress(ip) : null;
  return address && !isUnspecified(address) ? formatIpAddress(address) : null;
}
