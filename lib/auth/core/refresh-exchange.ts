import { isTransientConflict } from "@/lib/db/conflict";
import { enforceRateLimit } from "@/lib/rate-limit";
import {
  type FamilyHolder,
  lookUpRefreshToken,
  type RequestOrigin,
  type Rotation,
  rotateRefreshToken,
} from "./refresh";

/**
 * One refresh, as the refresh route and the page proxy (proxy.ts) both make it, so the two
 * follow the same rules: one lookup serves both the limit and the rotation. Counted per family,
 * so a client stuck in a refresh loop is slowed down whichever of the family's tokens it holds;
 * an unknown token finds no family and is refused by the rotation. Over the limit it throws the
 * limit's 429 HttpError.
 *
 * The rotation takes its locks in the order everything that ends a session takes them, yet a
 * statement of ours may still meet another in a cycle (a deadlock, or a serialization conflict
 * under a stricter isolation level): PostgreSQL then aborts it with nothing done. The rotation
 * runs once more from a fresh lookup, which sees whatever the other statement did (a session
 * ended meanwhile is refused); it is idempotent, the successor being derived from the presented
 * token. Once only: a second conflict is not a passing race.
 *
 * `holder` says who presents it: `FIRST_PARTY` for the refresh route and the proxy, an app for
 * the OAuth token endpoint. A family held by anyone else is refused untouched.
 */
export async function exchangeRefreshToken(
  presented: string,
  holder: FamilyHolder,
  origin: RequestOrigin,
): Promise<Rotation> {
  const lookup = await lookUpRefreshToken(presented);
  if (lookup.family) await enforceRateLimit("refresh-family", lookup.family);
  try {
    return await rotateRefreshToken(lookup, holder, origin);
  } catch (error) {
    if (!isTransientConflict(error)) throw error;
    return rotateRefreshToken(await lookUpRefreshToken(presented), holder, origin);
  }
}
