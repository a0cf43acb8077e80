import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { type AuthContext, requireUser } from "../core/guard";

/**
 * The guard of the key routes: a person's own sign-in (`requireUser` takes no key: a key cannot
 * make, list or revoke keys), and nothing at all while API_KEYS is off.
 */
export async function requireKeyManager(request: Request): Promise<AuthContext> {
  if (!getEnv().API_KEYS) throw new HttpError(404, "not_found", "Not found");
  return requireUser(request);
}
