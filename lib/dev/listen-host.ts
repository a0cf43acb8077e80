/**
 * Where `npm run dev` listens. A development server holds generated secrets, an outbox of
 * password-reset links and an admin's data: by default only this machine can reach it
 * (127.0.0.1, not next dev's own default of every interface). `--host` opens it to the network
 * (`--host` alone: every interface; `--host 192.168.1.20`: that one), as does next dev's own
 * `-H`/`--hostname`.
 */
export const LOOPBACK_HOST = "127.0.0.1";
const ALL_INTERFACES = "0.0.0.0";

export function devListenArgs(argv: string[]): { host: string; nextArgs: string[] } {
  const args = [...argv];
  const hostFlag = args.indexOf("--host");
  if (hostFlag >= 0) {
    const value = args[hostFlag + 1];
    const given = value !== undefined && !value.startsWith("-");
    args.splice(hostFlag, given ? 2 : 1);
    const host = given ? value : ALL_INTERFACES;
    return { host, nextArgs: [...args, "--hostname", host] };
  }
  const hostname = args.findIndex((arg) => arg === "-H" || arg === "--hostname");
  const named = hostname >= 0 ? args[hostname + 1] : undefined;
  if (named) return { host: named, nextArgs: args };
  return { host: LOOPBACK_HOST, nextArgs: [...args, "--hostname", LOOPBACK_HOST] };
}

/** Whether a server listening on `host` can be reached from this machine only. */
export function isLoopbackOnly(host: string | undefined): boolean {
  if (!host) return false;
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Where this machine reaches a server listening on `host`: a wildcard is reached on loopback. */
export function localAddress(host: string, port: string): string {
  const reachable = host === ALL_INTERFACES || host === "::" ? LOOPBACK_HOST : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}
