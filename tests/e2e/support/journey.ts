import { mkdirSync } from "node:fs";
import path from "node:path";
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Locator,
  Page,
} from "playwright-core";
import { navigationsWaitForHydration } from "./hydration";

/**
 * A journey is one thing a person does in the app, start to finish. Each browser profile it
 * opens (`device()`) is its own set of cookies, like another computer; the runner closes them
 * all afterwards, and on failure screenshots every page they had open first.
 */
export type JourneyContext = {
  origin: string;
  /** Where the app writes its email (EMAIL_OUTBOX_DIR): one JSON file per message. */
  outboxDir: string;
  /**
   * Every page of the profile waits, after each navigation, until React has hydrated it
   * (support/hydration.ts); one with JavaScript disabled has nothing to wait for.
   */
  device: (options?: BrowserContextOptions) => Promise<{ context: BrowserContext; page: Page }>;
  /**
   * Where a screenshot goes: tests/e2e/screenshots/ (git-ignored). A page is taken whole, a
   * locator as just its element (one settings section, say).
   */
  screenshot: (target: Page | Locator, name: string) => Promise<void>;
};

export type Journey = { name: string; run: (context: JourneyContext) => Promise<void> };

export const journey = (name: string, run: Journey["run"]): Journey => ({ name, run });

export type Outcome = { name: string; ok: boolean; seconds: number; error?: string };

export const SCREENSHOT_DIR = path.resolve("tests/e2e/screenshots");

export async function runJourneys(
  journeys: Journey[],
  setup: { browser: Browser; origin: string; outboxDir: string },
): Promise<Outcome[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const outcomes: Outcome[] = [];
  for (const { name, run } of journeys) {
    const contexts: BrowserContext[] = [];
    const startedAt = Date.now();
    const context: JourneyContext = {
      origin: setup.origin,
      outboxDir: setup.outboxDir,
      async device(options = {}) {
        const browserContext = await setup.browser.newContext({
          baseURL: setup.origin,
          viewport: { width: 1280, height: 900 },
          ...options,
        });
        browserContext.setDefaultTimeout(15_000);
        contexts.push(browserContext);
        const interactive = (page: Page) => navigationsWaitForHydration(page, setup.origin);
        if (options.javaScriptEnabled !== false) browserContext.on("page", interactive);
        const page = await browserContext.newPage();
        if (options.javaScriptEnabled !== false) interactive(page);
        return { context: browserContext, page };
      },
      async screenshot(target, file) {
        const shot = path.join(SCREENSHOT_DIR, `${file}.png`);
        await ("goto" in target
          ? target.screenshot({ path: shot, fullPage: true })
          : target.screenshot({ path: shot }));
      },
    };
    let error: string | undefined;
    try {
      await run(context);
    } catch (caught) {
      error = caught instanceof Error ? (caught.stack ?? caught.message) : String(caught);
      await screenshotFailure(contexts, name);
    }
    await Promise.all(contexts.map((browserContext) => browserContext.close()));
    const seconds = (Date.now() - startedAt) / 1000;
    outcomes.push({ name, ok: !error, seconds, error });
    console.log(error ? `  ✗ ${name}\n${indent(error)}` : `  ✓ ${name} (${seconds.toFixed(1)} s)`);
  }
  return outcomes;
}

async function screenshotFailure(contexts: BrowserContext[], name: string) {
  const slug = name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
  const pages = contexts.flatMap((browserContext) => browserContext.pages());
  await Promise.all(
    pages.map((page, index) =>
      page
        .screenshot({ path: path.join(SCREENSHOT_DIR, `failed-${slug}-${index}.png`) })
        .catch(() => {}),
    ),
  );
}

const indent = (text: string) =>
  text
    .split("\n")
    .slice(0, 14)
    .map((line) => `      ${line}`)
    .join("\n");
