import { readBodyText } from "@/lib/http/read-body";
import { oauthError } from "./errors";

/**
 * An OAuth request's parameters (RFC 6749 §3.1, §3.2): each at most once, an empty value the same
 * as none. A parameter sent twice is refused, so that no two parts of the server can read two
 * different values of one parameter.
 */
export type OAuthParameters = { get(name: string): string | undefined };

export function oauthParameters(entries: Iterable<[string, string]>): OAuthParameters {
  const values = new Map<string, string>();
  for (const [name, value] of entries) {
    if (values.has(name)) throw oauthError("invalid_request", `${name} was sent more than once`);
    values.set(name, value);
  }
  return { get: (name) => values.get(name) || undefined };
}

/** The form body of a token or revocation request (application/x-www-form-urlencoded only). */
export async function readOAuthForm(request: Request): Promise<OAuthParameters> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("application/x-www-form-urlencoded")) {
    throw oauthError("invalid_request", "Send the body as application/x-www-form-urlencoded");
  }
  return oauthParameters(new URLSearchParams(await readBodyText(request)));
}

/** A page's search parameters as Next.js hands them over (a repeated one is an array). */
export function pageParameters(
  search: Record<string, string | string[] | undefined>,
): OAuthParameters {
  return oauthParameters(
    Object.entries(search).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(
        (one): [string, string] => [name, one],
      ),
    ),
  );
}
