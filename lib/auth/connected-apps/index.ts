/**
 * lib/auth/connected-apps/: what other programs may do for a user, as Settings → Connected apps
 * shows it: every grant to an app (made on the consent page of lib/auth/oauth/) with its scopes
 * and last use, each revocable, beside the user's API keys (lib/auth/api-keys/, listed and
 * revoked there). Open while either way of access is on.
 */
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { listApiKeys } from "../api-keys/index";
import { type AuthContext, requireUser } from "../core/guard";
import { listGrants } from "./grants";

export { type GrantView, listGrants, revokeGrant } from "./grants";

/** Whether other programs can act for users at all: apps (OAUTH_PROVIDER) or keys (API_KEYS). */
export const connectedAppsEnabled = () => getEnv().OAUTH_PROVIDER || getEnv().API_KEYS;

/** A person's own sign-in (never an API key or an app's token); 404 while both are off. */
export async function requireConnectedAppsOwner(request: Request): Promise<AuthContext> {
  if (!connectedAppsEnabled()) throw new HttpError(404, "not_found", "Not found");
  return requireUser(request);
}

/** Every grant and, while keys are on, every key of the user. */
export async function listConnectedApps(userId: string) {
  return {
    grants: await listGrants(userId),
    apiKeys: getEnv().API_KEYS ? await listApiKeys(userId) : [],
  };
}
