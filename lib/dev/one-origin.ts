/**
 * `npm run dev` answers on one origin, BETTER_AUTH_URL's. Passkeys, cookies and the origin
 * checks belong to one host name: on another name of the same server (127.0.0.1 where the
 * origin says localhost, or the other way round) sign-in works but "Add a passkey" fails. So a
 * request that names any other host is redirected, path and query kept, to the origin.
 * Development only (next.config.ts): a deployment's host is its platform's business.
 */
type HostRedirect = {
  source: string;
  missing: { type: "host"; value: string }[];
  destination: string;
  permanent: false;
};

export function oneOriginRedirects(origin: string): HostRedirect[] {
  const url = new URL(origin);
  // Next compares the Host header cut at its first colon: an IPv6 literal never matches.
  if (url.hostname.startsWith("[")) return [];
  return [
    {
      source: "/:path*",
      missing: [{ type: "host", value: url.hostname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") }],
      destination: `${url.origin}/:path*`,
      permanent: false,
    },
  ];
}
