import assert from "node:assert/strict";
import { register, uniqueEmail } from "../support/browser";
import { journey } from "../support/journey";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The budget: the dashboard's first-load JavaScript, compressed as served. */
const FIRST_LOAD_JS_BUDGET = 200 * 1024;

export const dashboardBudget = journey(
  "the dashboard's first-load JavaScript stays under 200 KB",
  async ({ device }) => {
    const { context, page } = await device();
    await register(page, uniqueEmail("budget"));
    // Another profile with the same cookies: an empty cache, as on a first visit.
    const { context: second, page: fresh } = await device();
    await second.addCookies(await context.cookies());
    await fresh.goto("/dashboard", { waitUntil: "networkidle" });
    const scripts = await fresh.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((entry) => (entry as PerformanceResourceTiming).initiatorType === "script")
        .map((entry) => ({
          name: entry.name,
          bytes: (entry as PerformanceResourceTiming).encodedBodySize,
          decoded: (entry as PerformanceResourceTiming).decodedBodySize,
        })),
    );
    const total = scripts.reduce((sum, script) => sum + script.bytes, 0);
    const decoded = scripts.reduce((sum, script) => sum + script.decoded, 0);
    console.log(
      `      dashboard first-load JS: ${kb(total)} compressed (${kb(decoded)} uncompressed), ${scripts.length} files`,
    );
    assert.ok(scripts.length > 0, "the dashboard loads its scripts");
    assert.ok(total < FIRST_LOAD_JS_BUDGET, `first-load JS is ${total} bytes`);
  },
);
