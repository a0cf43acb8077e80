/**
 * `npm run check:edge` (after `next build`; .ci/run runs it): fails when the edge middleware
 * bundle contains Node.js-only code (a built-in, the database, bcrypt, Better Auth) or when
 * our share of it outgrows the budget, and reports what it is made of.
 */
import path from "node:path";
import { analyzeEdgeBundle, EDGE_BUDGET_BYTES, kb } from "./edge-bundle";

const report = analyzeEdgeBundle(path.resolve(process.cwd(), ".next"));

console.log(
  `Edge middleware bundle: ${report.files.length} files, ${kb(report.totalBytes)} uncompressed`,
);
console.log(`  Next.js and Turbopack runtime  ${kb(report.nextBytes)}`);
console.log(`  unattributed glue              ${kb(report.unmappedBytes)}`);
console.log(`  ours (app code + dependencies) ${kb(report.ownBytes)} of ${kb(EDGE_BUDGET_BYTES)}`);
for (const { name, bytes } of report.ownBySource) {
  console.log(`    ${kb(bytes).padStart(9)}  ${name}`);
}

if (report.violations.length > 0) {
  console.error(`\nEdge bundle check failed:\n  - ${report.violations.join("\n  - ")}`);
  process.exit(1);
}
console.log("\nEdge bundle check passed: no Node.js-only code, within budget.");
