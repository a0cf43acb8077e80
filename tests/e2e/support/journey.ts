import { mkdirSync } from "node:fs";
import path from "node:path";
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Locator,
  Page,
} from "playwright-core";
import { navigationsLandAndHydrate } from "./navigations";

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
   * Every page of the profile starts a navigation only once the one under way has landed, and
   * waits after each until React has hydrated the page (support/navigations.ts); one with
   * JavaScript disabled has nothing to wait for.
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

/**
 * How long a step may wait. Every sign-in, sign-up and password check hashes at cost 12 on the
 * server's one hashing thread, shared by all lanes: on a loaded 2-core machine a change of
 * password once answered after 15.3 s, past the 15 s this was.
 */
export const STEP_TIMEOUT_MS = 30_000;

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
        browserContext.setDefaultTimeout(STEP_TIMEOUT_MS);
        contexts.push(browserContext);
        const interactive = (page: Page) =>
          navigationsLandAndHydrate(page, setup.origin, STEP_TIMEOUT_MS);
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
