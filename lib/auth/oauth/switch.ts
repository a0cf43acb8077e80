import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";

/**
 * The authorization server is off unless OAUTH_PROVIDER=on: then every one of its endpoints is a
 * plain 404, as if it did not exist, and no metadata names them.
 */
export const oauthProviderOn = () => getEnv().OAUTH_PROVIDER;

export function assertOAuthProviderOn(): void {
  if (!oauthProviderOn()) throw new HttpError(404, "not_found", "Not found");
}
