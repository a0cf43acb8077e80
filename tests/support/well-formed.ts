import { expect } from "vitest";

/** Whatever the input: never a 5xx, never a stack trace, an error answer in the one shape. */
export async function expectWellFormedAnswer(response: Response) {
  expect(response.status, `status ${response.status}`).toBeLessThan(500);
  const text = await response.text();
  expect(text).not.toMatch(/\n\s+at |node_modules|Error: /);
  if (response.status >= 400 && text) {
    const body = JSON.parse(text);
    expect(typeof body.error?.code).toBe("string");
    expect(typeof body.error?.message).toBe("string");
  }
}
