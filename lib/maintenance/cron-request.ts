import { timingSafeEqual } from "node:crypto";
import { sha256Bytes } from "@/lib/crypto/sha256";
import { getEnv } from "@/lib/env";
import { bearerChallenge } from "@/lib/http/bearer-challenge";
import { HttpError } from "@/lib/http/errors";

/**
 * Vercel Cron calls its paths with `Authorization: Bearer $CRON_SECRET`. Anything else is 401,
 * and so is every call while CRON_SECRET is unset: the route is never open by default. The
 * comparison is of SHA-256 digests, so it takes the same time whatever the presented value's
 * length or content.
 */
export function assertCronRequest(request: Request): void {
  const expected = getEnv().CRON_SECRET;
  const presented = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (expected && presented && timingSafeEqual(sha256Bytes(presented), sha256Bytes(expected)))
    return;
  throw new HttpError(401, "unauthenticated", "This endpoint is for the scheduled job only", {
    headers: bearerChallenge(presented !== undefined),
  });
}
