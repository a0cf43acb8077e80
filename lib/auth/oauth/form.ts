import { readBodyText } from "@/lib/http/read-body";
import { type OAuthErrorCode, oauthError } from "./errors";

/**
 * An OAuth request's parameters (RFC 6749 §3.1, §3.2): each at most once, an empty value the same
 * as none. Reading a parameter that was sent more than once throws its refusal
 * (`repeatedParameter`), so that no two parts of the server can read two different values of one
 * parameter, and no part can take a repeated one for an absent one. `repeated` names them all, for
 * the authorization request, which must know where a refusal goes before it refuses
 * (./authorization-request.ts).
 */
export type OAuthParameters = {
  get(name: string): string | undefined;
  readonly repeated: readonly string[];
};

export function oauthParameters(entries: Iterable<[string, string]>): OAuthParameters {
  const values = new Map<string, string>();
  const repeated = new Set<string>();
  for (const [name, value] of entries) {
    if (values.has(name)) repeated.add(name);
    values.set(name, value);
  }
  return {
    get(name) {
      if (repeated.has(name)) throw refusalOfRepeated(name);
      return values.get(name) || undefined;
    },
    repeated: [...repeated],
  };
}

/**
 * The refusal of a parameter sent more than once: `invalid_request` (RFC 6749 §4.1.2.1, §5.2),
 * but for `resource`, which RFC 8707 §2 lets a client repeat to ask for several resources at once:
 * this server gives a grant exactly one, so several are a target it cannot serve, `invalid_target`.
 */
export function repeatedParameter(name: string): { error: OAuthErrorCode; description: string } {
  if (name === "resource") {
    return { error: "invalid_target", description: "Name one resource: a grant is for one" };
  }
  return { error: "invalid_request", description: `${name} was sent more than once` };
}

function refusalOfRepeated(name: string) {
  const { error, description } = repeatedParameter(name);
  return oauthError(error, description);
}

/**
 * The form body of a client's request to the token, revocation or device authorization endpoint:
 * a parameter sent twice is refused at once, whether the endpoint reads it or not.
 */
export async function readOAuthForm(request: Request): Promise<OAuthParameters> {
  const form = await readFormParameters(request);
  const [first] = form.repeated;
  if (first !== undefined) throw refusalOfRepeated(first);
  return form;
}

/**
 * A form body (application/x-www-form-urlencoded only) whose repeated parameters are refused when
 * read. A consent page's answer is read so: the authorization request's own are its to refuse,
 * and it decides where the refusal goes (./authorization-request.ts).
 */
export async function readFormParameters(request: Request): Promise<OAuthParameters> {
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
