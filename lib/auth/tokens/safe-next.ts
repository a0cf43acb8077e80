/**
 * Where to send a user after signing in: the `next` they came with when it is a path on this
 * site, `/dashboard` otherwise. An open redirect turns a trusted link into a phishing one, so
 * the decision is taken on what a browser will actually follow, not on the text as typed:
 *
 * - the value is resolved the way a browser resolves it (WHATWG URL: dot segments collapse, so
 *   `/./`, `/../`, `/%2e%2e/` and `/a/../` in front of `//evil.example` become `//evil.example`),
 *   and the *result* must still be a path of this origin that starts with one `/`;
 * - backslashes (browsers read them as `/`) and control characters (browsers strip tabs and
 *   newlines, so `/\t/evil.com` is `//evil.com`) are refused, before and after resolving;
 * - every further percent-decoding of the path must pass the same test, so a layer that decodes
 *   once more (a proxy, a framework redirect) cannot find `//`, `%5C` or `%2e%2e` turned live.
 *
 * Light and pure: the proxy, the session-ended route and the login form all use it.
 */
export const DEFAULT_AFTER_LOGIN = "/dashboard";

/** A same-origin path that safeNextPath accepted: the only kind the login form navigates to. */
export type SafeNextPath = string & { readonly __brand: "SafeNextPath" };

const PROBE_ORIGIN = "http://next.invalid";
// Room for the longest authorization request an app may send (app/oauth/authorize), which a
// signed-out person carries through sign-in: a redirect URI of up to 2,000 characters and a state
// of up to 1,024, percent-encoded inside the path's query.
const MAX_LENGTH = 8192;
// More nested encodings than this are not a link anyone meant to follow.
const MAX_DECODINGS = 3;
// One leading slash, never a second one or a backslash after it; no backslash or control anywhere.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
const LOCAL_PATH = /^\/(?![/\\])[^\\\u0000-\u001f\u007f]*$/;

export function safeNextPath(next: string | null | undefined): SafeNextPath {
  const fallback = DEFAULT_AFTER_LOGIN as SafeNextPath;
  if (!next || next.length > MAX_LENGTH) return fallback;
  const url = resolveLocal(next);
  if (!url) return fallback;
  let path = url.pathname;
  for (let round = 0; round < MAX_DECODINGS; round++) {
    const decoded = decodeOnce(path);
    const again = decoded === null ? null : resolveLocal(decoded);
    if (!again) return fallback;
    // Stable: decoding changes nothing a browser would see (`/caf%C3%A9` is `/café`).
    if (again.pathname === path) return `${url.pathname}${url.search}${url.hash}` as SafeNextPath;
    path = again.pathname;
  }
  return fallback;
}

/** The URL a browser would make of `value` on this site, or null when it leaves it. */
function resolveLocal(value: string): URL | null {
  if (!LOCAL_PATH.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PROBE_ORIGIN) return null;
  return LOCAL_PATH.test(`${url.pathname}${url.search}${url.hash}`) ? url : null;
}

function decodeOnce(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
