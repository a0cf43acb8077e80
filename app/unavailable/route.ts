import { safeNextPath } from "@/lib/auth/tokens/safe-next";
import { retryPageResponse } from "@/lib/http/retry-page";

/**
 * Where a page goes when its database work finds the database away (lib/http/page-outage.ts):
 * the 503 retry page, reloading the page it came from (only a path of this site).
 */
export function GET(request: Request): Response {
  const next = new URL(request.url).searchParams.get("next");
  return retryPageResponse(safeNextPath(next));
}
