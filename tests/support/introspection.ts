import { expect } from "vitest";
import { POST as introspectRoute } from "@/app/api/auth/introspect/route";
import { TEST_ORIGIN, uniqueClientIp } from "./http";

/**
 * The first resource server of RESOURCE_SERVER_SECRETS (tests/support/setup.ts), read from the
 * environment: a file that sets its own environment must not import setup.ts, which would run
 * again and reset it.
 */
export function resourceServerCredential(): string {
  const [first = ""] = (process.env.RESOURCE_SERVER_SECRETS ?? "").split(",");
  return `Basic ${Buffer.from(first).toString("base64")}`;
}

/** What a resource server sends (RFC 7662): the form, its credential, no browser headers. */
export function introspect(
  token: string | undefined,
  { authorization = resourceServerCredential(), ip = uniqueClientIp(), contentType = "" } = {},
) {
  const body = token === undefined ? "" : new URLSearchParams({ token }).toString();
  return introspectRoute(
    new Request(new URL("/api/auth/introspect", TEST_ORIGIN), {
      method: "POST",
      headers: {
        "content-type": contentType || "application/x-www-form-urlencoded",
        "x-real-ip": ip,
        ...(authorization ? { authorization } : {}),
      },
      body,
    }),
  );
}

/** The answer about `token`, which must be a 200 no cache keeps. */
export async function introspection<Answer = Record<string, unknown>>(
  token: string,
  options?: Parameters<typeof introspect>[1],
): Promise<Answer> {
  const response = await introspect(token, options);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return response.json();
}
