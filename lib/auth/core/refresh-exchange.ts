import { enforceRateLimit } from "@/lib/rate-limit";
import {
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
 */
export async function exchangeRefreshToken(
  presented: string,
  origin: RequestOrigin,
): Promise<Rotation> {
  const lookup = await lookUpRefreshToken(presented);
  if (lookup.family) await enforceRateLimit("refresh-family", lookup.family);
  return rotateRefreshToken(lookup, origin);
}
