import { randomUUID } from "node:crypto";

/** The origin the app believes it is served from in tests (BETTER_AUTH_URL). */
export const TEST_ORIGIN = "http://localhost:3000";

export function jsonRequest(
  path: string,
  {
    method = "POST",
    body,
    headers = {},
  }: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Request {
  return new Request(new URL(path, TEST_ORIGIN), {
    method,
    headers: { "content-type": "application/json", origin: TEST_ORIGIN, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A fresh address per call: tests never share accounts, so they can run in any order. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}
