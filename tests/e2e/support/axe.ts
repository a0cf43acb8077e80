import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

// axe-core's own bundle, run in the page through the DevTools protocol (page.evaluate), which
// the pages' strict CSP does not apply to: nothing is injected as a <script>.
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

type AxeResults = {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
};

/** Loads axe into the page once per document. */
export async function loadAxe(page: Page): Promise<void> {
  await page.evaluate(AXE_SOURCE);
}

/** axe's violations on the page as it is now, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (options: object) => Promise<unknown> } }).axe.run({
      resultTypes: ["violations"],
    }),
  )) as AxeResults;
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(" "))
        .join(", ")}`,
  );
}
