import { randomBytes, randomUUID } from "node:crypto";

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
    headers: {
      "content-type": "application/json",
      // A browser on the app's own origin, which a test may have moved (middleware.test.ts).
      origin: new URL(process.env.BETTER_AUTH_URL ?? TEST_ORIGIN).origin,
      "x-real-ip": uniqueClientIp(),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A fresh address per call: tests never share accounts, so they can run in any order. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

/**
 * A fresh client IP (in TRUSTED_IP_HEADER, x-real-ip) per request, so per-IP rate limits never
 * couple unrelated tests. Tests of those limits send one fixed address themselves.
 */
export function uniqueClientIp(): string {
  const bytes = randomBytes(3);
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}
