import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants";
import { applyLocalSecrets } from "./lib/dev/local-secrets";
import { oneOriginRedirects } from "./lib/dev/one-origin";
import { UNLOGGED_DEV_REQUESTS } from "./lib/dev/request-logging";
import { securityHeaders } from "./lib/http/security-headers";
import { exitOnInvalidEnv } from "./lib/maintenance/startup-env";
import { TOKEN_DEFAULTS } from "./lib/token-env";

// `npm run bench` builds (and starts) its own app with BENCH_BUILD=1: into .next-bench, with the
// benchmark probes (files named `*.bench.ts(x)`), one of which reads any user's tasks without a
// token. Every other build, a deployment's included, has no such route (`npm run check:routes`).
// Read here, not in lib/env.ts: it decides what is built, not how the app runs.
const BENCH_BUILD = process.env.BENCH_BUILD === "1";
const DEFAULT_PAGE_EXTENSIONS = ["tsx", "ts", "jsx", "js"];
const DEV_ORIGIN = TOKEN_DEFAULTS.DEVELOPMENT_URL;

export default async function config(phase: string): Promise<NextConfig> {
  // `next dev` on a laptop needs no .env: generated secrets persist under .data/.
  if (phase === PHASE_DEVELOPMENT_SERVER) applyLocalSecrets();
  // `next start` refuses to serve at all with a missing or weak secret (`npm start` checked
  // before it even started Next: scripts/check-start-env.ts). Serverless platforms do not load
  // this file at run time; there instrumentation.ts fails every request instead.
  if (phase === PHASE_PRODUCTION_SERVER) await exitOnInvalidEnv();
  const development = phase === PHASE_DEVELOPMENT_SERVER;
  return {
    ...(BENCH_BUILD && {
      distDir: ".next-bench",
      pageExtensions: ["bench.tsx", "bench.ts", ...DEFAULT_PAGE_EXTENSIONS],
    }),
    poweredByHeader: false,
    reactStrictMode: true,
    // forbidden(): a page that finds the user lacks a role answers the 403 page with a 403 status
    // (lib/auth/core/page-session.ts). Experimental in Next.js 16, and the only way to set it.
    experimental: { authInterrupts: true },
    // `next build` bakes these in: HSTS for every build, never for `next dev`.
    headers: async () => securityHeaders({ production: !development }),
    ...(development && {
      // One address in development, BETTER_AUTH_URL's (scripts/dev.ts sets it).
      redirects: async () => oneOriginRedirects(process.env.BETTER_AUTH_URL ?? DEV_ORIGIN),
      // Pages are logged by Next, except those in UNLOGGED_DEV_REQUESTS.
      logging: { incomingRequests: { ignore: UNLOGGED_DEV_REQUESTS } },
    }),
  };
}
