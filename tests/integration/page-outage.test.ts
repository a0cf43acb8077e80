import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as unavailableRoute } from "@/app/unavailable/route";
import { closeDb } from "@/lib/db/client";
import { retryPageAddress } from "@/lib/http/page-outage";
import { createSignedInUser } from "../support/auth";
import { captureConsole } from "../support/console";
import { importWithEnv, restoreEnv } from "../support/isolation";
import { proxyDatabase } from "../support/tcp-proxy";
import { EVIL_HOST, UNSAFE_NEXT } from "../support/unsafe-next";

/**
 * A page's database work during an outage (lib/http/page-outage.ts): the real guard and the
 * dashboard's real task query, with the database cut behind a TCP proxy, then the route the
 * browser is sent to (app/unavailable/route.ts).
 */
afterEach(() => {
  vi.restoreAllMocks();
  restoreEnv();
});

const APP = "https://app.example.test";

/** Where a server component's redirect() sends the browser, or the error it threw instead. */
async function redirectOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => new Error("expected a redirect"),
    (thrown: unknown) => thrown,
  );
  const digest = (error as { digest?: unknown }).digest;
  if (typeof digest !== "string" || !digest.startsWith("NEXT_REDIRECT;")) throw error;
  return digest.split(";")[2] ?? "";
}

const unavailable = (next: string) =>
  unavailableRoute(new Request(`${APP}/unavailable?next=${encodeURIComponent(next)}`));

describe("a page whose database is away", () => {
  it("is sent to the 503 page that returns to it, and loads again once the database is back", async () => {
    const alice = await createSignedInUser();
    const { proxy: tcp, url: proxied } = await proxyDatabase(process.env.DATABASE_URL ?? "");
    await closeDb();
    try {
      const server = await importWithEnv(
        async () => ({
          ...(await import("@/lib/http/page-outage")),
          ...(await import("@/lib/auth/core/guard")),
          ...(await import("@/lib/tasks/queries")),
          ...(await import("@/lib/tasks/page-query")),
        }),
        { DATABASE_URL: proxied, DATABASE_DRIVER: "pg" },
      );
      const headers = new Headers({ cookie: `access_token=${alice.accessToken}` });
      const signIn = () => server.authenticateHeaders(headers);
      const context = await server.loadOrRetryPage("/dashboard", signIn);
      if (!context) throw new Error("alice's token names no session");
      const tasks = () => server.listTasks(context.scope, server.dashboardQuery({}, undefined));

      const logged = captureConsole();
      tcp.cut();
      // The session check (requirePageSession) and the page's own data load alike.
      for (const work of [signIn, tasks] as (() => Promise<unknown>)[]) {
        const location = await redirectOf(server.loadOrRetryPage("/dashboard", work));
        expect(location).toBe("/unavailable?next=%2Fdashboard");
        const page = await unavailable(new URL(location, APP).searchParams.get("next") ?? "");
        expect(page.status).toBe(503);
        expect(page.headers.get("retry-after")).toBe("5");
        expect(page.headers.get("cache-control")).toBe("no-store");
        expect(await page.text()).toContain(
          '<meta http-equiv="refresh" content="5;url=/dashboard">',
        );
      }
      expect(logged.filter((line) => line.includes('"level":"error"'))).toEqual([
        expect.stringContaining('"event":"database_unavailable"'),
        expect.stringContaining('"event":"database_unavailable"'),
      ]);

      tcp.restore();
      expect(await server.loadOrRetryPage("/dashboard", signIn)).toMatchObject({
        user: { id: alice.user.id },
      });
      expect(await server.loadOrRetryPage("/dashboard", tasks)).toMatchObject({ items: [] });
    } finally {
      await closeDb();
      await tcp.close();
    }
  });

  it("lets any other error through as it came (the error page, the 403, the sign-in redirect)", async () => {
    const { loadOrRetryPage } = await import("@/lib/http/page-outage");
    const bug = new Error("a bug");
    await expect(loadOrRetryPage("/admin", () => Promise.reject(bug))).rejects.toBe(bug);
    const { redirect } = await import("next/navigation");
    const toSignIn = loadOrRetryPage("/admin", async () => redirect("/login"));
    expect(await redirectOf(toSignIn)).toBe("/login");
  });
});

describe("GET /unavailable", () => {
  it("reloads only a path of this site, escaped for the page", async () => {
    const page = await (await unavailable("/dashboard?status=open&q=\"x'")).text();
    expect(page).toContain('content="5;url=/dashboard?status=open&amp;q=%22x%27"');
    expect(page).toContain('<a href="/dashboard?status=open&amp;q=%22x%27">');
    for (const [label, next] of UNSAFE_NEXT) {
      const body = await (await unavailable(next)).text();
      expect(body, label).toContain('content="5;url=/dashboard"');
      expect(body, label).not.toContain(EVIL_HOST);
    }
  });
});

describe("the address a page returns to after an outage", () => {
  it("keeps the query, without a link's credential, and goes through GET /unavailable", async () => {
    const cases: [requested: string, kept: string][] = [
      [
        "/dashboard?status=open&sort=due&q=caf%C3%A9+x",
        "/dashboard?status=open&sort=due&q=caf%C3%A9+x",
      ],
      ["/settings?error=passkey", "/settings?error=passkey"],
      ["/verify-email?token=abc123&next=%2Fsettings", "/verify-email?next=%2Fsettings"],
      ["/reset-password?code=1&token=abc123", "/reset-password"],
    ];
    for (const [requested, expected] of cases) {
      const location = retryPageAddress(requested);
      expect(new URL(location, APP).searchParams.get("next")).toBe(expected);
      expect(location).not.toContain("abc123");
      const page = await (await unavailable(expected)).text();
      expect(page).toContain(`content="5;url=${expected.replaceAll("&", "&amp;")}"`);
    }
  });

  it("never leaves the site, whatever the address says", async () => {
    for (const [label, next] of UNSAFE_NEXT) {
      const location = retryPageAddress(next);
      const body = await (
        await unavailable(new URL(location, APP).searchParams.get("next") ?? "")
      ).text();
      expect(body, label).toContain('content="5;url=/dashboard"');
      expect(body, label).not.toContain(EVIL_HOST);
    }
  });
});
