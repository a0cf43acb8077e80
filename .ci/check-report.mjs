// Reads vitest JSON reports. One report: fails when the suite ran no test or skipped any.
// `--total`: prints the closing "N passed, N failed" line over all reports.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const read = (file) => JSON.parse(readFileSync(file, "utf8"));

if (args[0] === "--total") {
  const reports = args.slice(1).map(read);
  const sum = (key) => reports.reduce((total, report) => total + report[key], 0);
  console.log(`\n${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`);
  process.exit(sum("numFailedTests") === 0 ? 0 : 1);
}

const [file, name] = args;
const report = read(file);
const skipped = report.numPendingTests + report.numTodoTests;
if (report.numTotalTests === 0) fail(`suite "${name}" ran no test`);
if (skipped > 0) fail(`suite "${name}" skipped ${skipped} test(s); CI asked for all of them`);
if (!report.success) fail(`suite "${name}" failed`);
console.log(`suite "${name}": ${report.numPassedTests} passed`);

function fail(message) {
  console.error(`CI: ${message}`);
  process.exit(1);
}
