/**
 * The requests `next dev` does not print. API requests: our own line logs them once, without
 * the query (lib/http/log.ts). Pages whose query carries a credential: a verification or reset
 * link's token lands on its page (/verify-email?token=…, /reset-password?token=…), and Next
 * prints a page's whole URL, so the terminal would hold a live link.
 */
import { CREDENTIAL_PARAMETERS } from "../http/page-address";

export const UNLOGGED_DEV_REQUESTS = [
  /^\/api\//,
  new RegExp(`[?&](${CREDENTIAL_PARAMETERS.join("|")})=`),
];
