import type { Page, Request } from "playwright-core";
import { untilHydrated } from "./hydration";

/** The navigations a journey starts itself; `waitForURL` waits for one the page started. */
const STARTED = ["goto", "reload", "goBack", "goForward"] as const;
const instrumented = new WeakSet<Page>();

/**
 * Makes every navigation of `page` safe to write one after another, so no journey can forget:
 *
 * - goto, reload, back and forward first let a document the page is already loading land (a form
 *   sent, a button that set window.location, a redirect back from another origin). Started in
 *   between, they are "interrupted by another navigation", or land and are then replaced: CI saw
 *   it after an OAuth consent, when the app's loopback listener had heard the callback but the
 *   browser had not yet shown it.
 * - each of them, and waiting for a URL after a click, resolves only once the page it lands on is
 *   interactive (support/hydration.ts).
 */
export function navigationsLandAndHydrate(page: Page, origin: string, timeout: number): void {
  if (instrumented.has(page)) return;
  instrumented.add(page);
  const loading = documentBeingLoaded(page);
  type Navigation = (...args: unknown[]) => Promise<unknown>;
  const methods = page as unknown as Record<(typeof STARTED)[number] | "waitForURL", Navigation>;
  for (const name of [...STARTED, "waitForURL"] as const) {
    const navigate = methods[name].bind(page);
    methods[name] = async (...args) => {
      if (name !== "waitForURL") await loading.landed(`page.${name}`, timeout);
      const landed = await navigate(...args);
      await untilHydrated(page, origin);
      return landed;
    };
  }
}

/**
 * The document the main frame has asked for and not yet shown: from the browser's request (each
 * redirect is a request of its own) until the frame commits that URL, or the request fails (a
 * navigation cancelled, a download).
 */
function documentBeingLoaded(page: Page) {
  let request: Request | undefined;
  const onLanded: (() => void)[] = [];
  const land = () => {
    request = undefined;
    for (const resolve of onLanded.splice(0)) resolve();
  };
  const shows = (candidate: Request) => withoutHash(page.url()) === withoutHash(candidate.url());
  page.on("request", (started) => {
    if (started.isNavigationRequest() && started.frame() === page.mainFrame()) request = started;
  });
  page.on("requestfailed", (failed) => {
    if (failed === request) land();
  });
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && request && shows(request)) land();
  });
  return {
    async landed(before: string, timeout: number): Promise<void> {
      const awaited = request;
      if (!awaited || shows(awaited)) return;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<"gave up">((resolve) => {
        timer = setTimeout(() => resolve("gave up"), timeout);
      });
      const outcome = await Promise.race([
        new Promise<void>((resolve) => onLanded.push(resolve)),
        gaveUp,
      ]);
      clearTimeout(timer);
      if (outcome === "gave up") {
        throw new Error(
          `${before} while the page was still loading ${awaited.url()} (it shows ${page.url()}): ` +
            "the step before started a navigation that never landed",
        );
      }
    },
  };
}

const withoutHash = (url: string) => url.split("#")[0];
