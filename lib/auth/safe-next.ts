/**
 * Where to send a user after signing in: the `next` they came with when it is a path on this
 * site, `/dashboard` otherwise. Anything that a browser could read as another origin is refused
 * (an open redirect turns a trusted link into a phishing one): `//evil.com` and `/\evil.com`
 * (protocol-relative), `https:` or `javascript:` URLs, backslashes (browsers read them as `/`),
 * and control characters (browsers strip tabs and newlines, so `/\t/evil.com` is `//evil.com`).
 *
 * Edge-safe and pure: the middleware and the login page both use it.
 */
export const DEFAULT_AFTER_LOGIN = "/dashboard";

const PROBE_ORIGIN = "http://next.invalid";

export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2048) return DEFAULT_AFTER_LOGIN;
  if (!next.startsWith("/") || next.startsWith("//")) return DEFAULT_AFTER_LOGIN;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return DEFAULT_AFTER_LOGIN;
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return DEFAULT_AFTER_LOGIN;
  }
  if (url.origin !== PROBE_ORIGIN) return DEFAULT_AFTER_LOGIN;
  return `${url.pathname}${url.search}${url.hash}`;
}
