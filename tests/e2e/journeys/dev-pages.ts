import assert from "node:assert/strict";
import path from "node:path";
import { createOutboxSender } from "@/lib/email/outbox";
import { axeViolations, loadAxe } from "../support/axe";
import { switchColorScheme } from "../support/browser";
import { startDevServer } from "../support/dev-server";
import { journey, SCREENSHOT_DIR } from "../support/journey";

const PHONE = { width: 390, height: 844 };

/**
 * /dev/outbox exists only under `next dev` (production answers 404), so it is checked there, on
 * a development server of its own: one message with a long link, light and dark, desktop and
 * phone; no axe violation, and on a phone nothing wider than the screen.
 */
export const devOutboxAccessible = journey(
  "development outbox under next dev: no axe violation light and dark, desktop and phone",
  async ({ device }) => {
    const dev = await startDevServer({
      log: path.join(SCREENSHOT_DIR, "..", "server-dev.log"),
      warm: "/dev/outbox",
    });
    try {
      await createOutboxSender(dev.outboxDir, "Taskflow <no-reply@e2e.test>").send({
        to: "someone-with-a-rather-long-address@e2e.test",
        subject: "Reset your Taskflow password",
        html: "",
        text: `Someone asked to reset the password of this account.\n\nOpen ${dev.origin}/reset-password?token=${"x".repeat(64)} within an hour.`,
      });
      const { page } = await device({ baseURL: dev.origin });
      await page.goto("/dev/outbox");
      await page.getByText("Reset your Taskflow password").waitFor();
      await loadAxe(page);
      const problems: string[] = [];
      for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
        await page.setViewportSize(viewport);
        for (const scheme of ["light", "dark"] as const) {
          await switchColorScheme(page, scheme);
          for (const violation of await axeViolations(page)) {
            problems.push(`${scheme} ${viewport.width}px: ${violation}`);
          }
        }
      }
      assert.deepEqual(problems, []);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `the outbox is ${width} px wide on a phone`);
    } finally {
      await dev.stop();
    }
  },
);
