import { z } from "zod";

/**
 * A redirect URI an OAuth client may register (docs/oauth.md), by the rules of OAuth 2.1 §2.3 and
 * RFC 8252 for native apps. At authorization it is compared to the registered string exactly,
 * character for character (no trailing-slash, case, port or query leniency), so what is
 * registered here is all that can ever receive a code:
 * - `https:` anywhere;
 * - `http:` only on a loopback address (`127.0.0.1`, `[::1]`, `localhost`): a command-line tool's
 *   local listener, never a host on the network;
 * - a private-use scheme with a dot (`com.example.app:/callback`, RFC 8252 §7.1) for a native app;
 * - never a fragment or credentials in the URL, never `javascript:`, `data:` or another scheme.
 */
export const REDIRECT_URI_MAX_LENGTH = 2000;
export const REDIRECT_URIS_MAX = 10;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);
// A reverse domain name: at least one dot, letters first (RFC 8252 §7.1, RFC 3986 scheme rules).
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/;

export function redirectUriProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Must be an absolute URL";
  }
  if (url.hash || value.includes("#")) return "Must not contain a fragment (#)";
  if (url.username || url.password) return "Must not contain a user name or password";
  if (url.protocol === "https:") return url.hostname ? undefined : "Must name a host";
  if (url.protocol === "http:") {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? undefined
      : "http:// is allowed only for 127.0.0.1, [::1] or localhost; use https://";
  }
  return PRIVATE_USE_SCHEME.test(url.protocol)
    ? undefined
    : "Must be https://, a loopback http:// address, or an app scheme such as com.example.app:/callback";
}

export const redirectUri = z
  .string()
  .max(REDIRECT_URI_MAX_LENGTH, `At most ${REDIRECT_URI_MAX_LENGTH} characters`)
  .superRefine((value, context) => {
    const problem = redirectUriProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

export const redirectUriList = z
  .array(redirectUri)
  .min(1, "Give at least one redirect URI")
  .max(REDIRECT_URIS_MAX, `At most ${REDIRECT_URIS_MAX} redirect URIs`)
  .refine((uris) => new Set(uris).size === uris.length, "Each redirect URI may appear once");
