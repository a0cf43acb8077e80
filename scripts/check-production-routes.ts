/**
 * `npm run check:routes` (after `next build`; .ci/run runs it): fails when the production build
 * serves a benchmark probe. The probes (`*.bench.ts(x)` under app/) exist only in the bench's own
 * build (BENCH_BUILD=1, next.config.ts), because one of them reads any user's tasks without a
 * token. Reads the build's own route list, so a probe added under any name is caught by its path.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

// Any path segment that names a benchmark: /api/bench/..., /bench-probe, /dashboard/bench-probe.
const BENCH_PATH = /\/bench[^/]*(\/|$)/i;
// A route the app always has: a manifest without it is not the app's, and proves nothing.
const ALWAYS_BUILT = "/api/tasks";

const manifestFile = path.resolve(process.cwd(), ".next", "app-path-routes-manifest.json");
const routes = Object.values(
  JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, string>,
);

if (!routes.includes(ALWAYS_BUILT)) {
  console.error(`${manifestFile} lists no ${ALWAYS_BUILT}: not a build of this app`);
  process.exit(1);
}
const probes = routes.filter((route) => BENCH_PATH.test(route));
if (probes.length > 0) {
  console.error(`The production build serves benchmark routes:\n  - ${probes.join("\n  - ")}`);
  process.exit(1);
}
console.log(`Production routes checked: ${routes.length} routes, no benchmark probe.`);
