import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { STEP_TIMEOUT_MS } from "./journey";

/**
 * Asserts a value the page settles on in its own time after an action (focus moved on the next
 * frame or by an effect, a list read again after a change): reads it every 50 ms until it equals
 * `expected`, and fails with the last value read after a step's time. Read once, straight after
 * the action, it passes or fails by how busy the machine is.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  expected: T,
  message?: string,
): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const actual = await read();
    if (isDeepStrictEqual(actual, expected)) return;
    if (Date.now() > deadline) assert.deepEqual(actual, expected, message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
