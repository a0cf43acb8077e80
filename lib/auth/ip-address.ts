/**
 * An IP address as a person reads it. Better Auth stores IPv6 addresses expanded and cut to
 * their /64 network ("2001:0db8:0001:0002:0000:0000:0000:0000"); this writes them the short way
 * ("2001:db8:1:2::"). The unspecified address (all zeros: no real client address was known)
 * becomes null, shown as "Unknown IP".
 */
export function displayIp(ip: string | null): string | null {
  if (!ip) return null;
  if (!ip.includes(":")) return ip;
  const groups = ip.toLowerCase().split(":");
  if (groups.length !== 8 || !groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return ip;
  const short = groups.map((group) => group.replace(/^0+(?=.)/, ""));
  if (short.every((group) => group === "0")) return null;
  const run = longestZeroRun(short);
  if (run.length < 2) return short.join(":");
  const head = short.slice(0, run.start).join(":");
  const tail = short.slice(run.start + run.length).join(":");
  return `${head}::${tail}`;
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
