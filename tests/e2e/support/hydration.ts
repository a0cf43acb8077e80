import type { Page } from "playwright-core";

/**
 * A page of ours is usable once React has hydrated what it shows. Before that, a click on a
 * checkbox or radio is undone by hydration, and text typed into the task form never reaches its
 * draft; a person on a slow phone waits for the page, and so must a journey. CI saw both as
 * flakes ("Clicking the checkbox did not change its state", a draft not kept) until every
 * navigation waited here.
 *
 * "Hydrated" is checked per element: React marks every element it owns with a `__reactProps$…`
 * key (production builds included), so a control without one is still server HTML. Pages that
 * are not our Next.js app (an identity provider's sign-in page, a JSON answer) have nothing to
 * wait for, nor has a page whose document is still loading a Suspense boundary: readyState
 * must be "complete" first, when the last streamed chunk is in.
 */
const CONTROLS = "a[href], button, input, select, textarea";

export async function untilHydrated(page: Page, origin: string): Promise<void> {
  // Playwright's waitForFunction starts over on the new document when the page navigates on
  // (a redirect from script), so this waits for the page the navigation ends on.
  await page
    .waitForFunction(
      ({ ours, controls }) => {
        if (window.location.origin !== ours) return true;
        if (document.readyState !== "complete") return false;
        if (!("__next_f" in window)) return true;
        return [...document.querySelectorAll(controls)].every((element) =>
          Object.keys(element).some((key) => key.startsWith("__reactProps$")),
        );
      },
      { ours: origin, controls: CONTROLS },
      { polling: 50 },
    )
    .catch(async (error) => {
      throw new Error(`${page.url()} never became interactive: ${await unhydrated(page)}`, {
        cause: error,
      });
    });
}

/** For the failure message: the controls still without React's key. */
async function unhydrated(page: Page): Promise<string> {
  return page
    .evaluate(
      (controls) =>
        [...document.querySelectorAll(controls)]
          .filter((element) => !Object.keys(element).some((key) => key.startsWith("__reactProps$")))
          .map((element) => element.outerHTML.slice(0, 120))
          .join(", "),
      CONTROLS,
    )
    .catch(() => "(page gone)");
}
