import { cookieNames } from "../../lib/auth/tokens/cookies";

/** The cookies a response sets, by name: value and attributes. */
export function setCookies(
  response: Response,
): Record<string, { value: string; attributes: string }> {
  const cookies: Record<string, { value: string; attributes: string }> = {};
  for (const header of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = header.split(";");
    const separator = pair.indexOf("=");
    cookies[pair.slice(0, separator).trim()] = {
      value: pair.slice(separator + 1),
      attributes: attributes.join(";").trim(),
    };
  }
  return cookies;
}

/**
 * The cookie names of a production build (`next start`), which the browser journeys, the load
 * and FastAPI tests and the bench drive; vitest runs the app with NODE_ENV=test and plain names.
 */
export const PRODUCTION_COOKIES = cookieNames(true);
