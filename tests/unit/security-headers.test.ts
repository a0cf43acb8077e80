import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants";
import { describe, expect, it } from "vitest";
import config from "@/next.config";

// Next applies every matching rule in order; a later rule's value for the same header wins.
async function headersFor(phase: string, path: string): Promise<Record<string, string>> {
  const rules = (await (await config(phase)).headers?.()) ?? [];
  const applied: Record<string, string> = {};
  for (const rule of rules) {
    if (!matches(rule.source, path)) continue;
    for (const { key, value } of rule.headers) applied[key.toLowerCase()] = value;
  }
  return applied;
}

function matches(source: string, path: string): boolean {
  const pattern = source.replace(/\/:path\*$/, "(/.*)?");
  return new RegExp(`^${pattern}$`).test(path);
}

describe("security headers from next.config.ts", () => {
  it("sends nosniff, a strict referrer policy and a Permissions-Policy on every page", async () => {
    const headers = await headersFor(PHASE_PRODUCTION_BUILD, "/dashboard");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["cache-control"]).toBeUndefined();
  });

  it("forbids framing on every path, the ones the middleware never sees included", async () => {
    for (const path of ["/dashboard", "/robots.txt", "/dashboard/x.png", "/api/tasks", "/nope"]) {
      expect((await headersFor(PHASE_PRODUCTION_BUILD, path))["x-frame-options"]).toBe("DENY");
    }
  });

  it("sends no referrer at all from the reset-password page", async () => {
    for (const path of ["/reset-password", "/reset-password/abc"]) {
      expect((await headersFor(PHASE_PRODUCTION_BUILD, path))["referrer-policy"]).toBe(
        "no-referrer",
      );
    }
  });

  it("forbids caching of every API answer", async () => {
    for (const path of ["/api/tasks", "/api/auth/sign-in/email"]) {
      expect((await headersFor(PHASE_PRODUCTION_BUILD, path))["cache-control"]).toBe("no-store");
    }
  });

  it("pins HTTPS with HSTS in production builds only", async () => {
    expect((await headersFor(PHASE_PRODUCTION_BUILD, "/"))["strict-transport-security"]).toMatch(
      /^max-age=\d{8}; includeSubDomains$/,
    );
    expect(
      (await headersFor(PHASE_DEVELOPMENT_SERVER, "/"))["strict-transport-security"],
    ).toBeUndefined();
  });

  it("never sends X-Powered-By", async () => {
    expect((await config(PHASE_PRODUCTION_BUILD)).poweredByHeader).toBe(false);
  });
});
