import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { ignoreLoggingIncomingRequests } from "next/dist/server/dev/log-requests";
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { matchHas } from "next/dist/shared/lib/router/utils/prepare-destination";
import { afterAll, describe, expect, it } from "vitest";
import { devListenArgs, isLoopbackOnly, localAddress } from "@/lib/dev/listen-host";
import { ensurePrivateDataDir } from "@/lib/dev/local-secrets";
import { nextOutputFilter } from "@/lib/dev/next-output";
import { oneOriginRedirects } from "@/lib/dev/one-origin";
import { UNLOGGED_DEV_REQUESTS } from "@/lib/dev/request-logging";

describe("npm run dev: where it listens (scripts/dev.ts)", () => {
  it.each([
    [[], "127.0.0.1", ["--hostname", "127.0.0.1"]],
    [["-p", "4000"], "127.0.0.1", ["-p", "4000", "--hostname", "127.0.0.1"]],
    [["--host"], "0.0.0.0", ["--hostname", "0.0.0.0"]],
    [["--host", "-p", "4000"], "0.0.0.0", ["-p", "4000", "--hostname", "0.0.0.0"]],
    [
      ["--host", "192.168.1.20", "-p", "4000"],
      "192.168.1.20",
      ["-p", "4000", "--hostname", "192.168.1.20"],
    ],
    [["-H", "0.0.0.0"], "0.0.0.0", ["-H", "0.0.0.0"]],
  ])("%j listens on %s", (argv, host, nextArgs) => {
    expect(devListenArgs(argv)).toEqual({ host, nextArgs });
  });

  it("is reached from this machine on loopback when it listens everywhere", () => {
    expect(localAddress("0.0.0.0", "3000")).toBe("http://127.0.0.1:3000");
    expect(localAddress("::", "3000")).toBe("http://127.0.0.1:3000");
    expect(localAddress("::1", "3000")).toBe("http://[::1]:3000");
    expect(localAddress("192.168.1.20", "4000")).toBe("http://192.168.1.20:4000");
  });

  it("counts only loopback addresses as this machine alone", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "localhost"])
      expect(isLoopbackOnly(host)).toBe(true);
    for (const host of [undefined, "", "0.0.0.0", "::", "192.168.1.20", "127.0.0.1.evil"]) {
      expect(isLoopbackOnly(host)).toBe(false);
    }
  });
});

describe(".data/ is the owner's only", () => {
  const root = mkdtempSync(path.join(tmpdir(), "taskflow-data-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const mode = (directory: string) => statSync(directory).mode & 0o777;

  it("is created with mode 0700, and an older one is made so", () => {
    const fresh = path.join(root, "fresh", ".data");
    ensurePrivateDataDir(fresh);
    expect(mode(fresh)).toBe(0o700);
    const older = path.join(root, "older");
    mkdirSync(older, { mode: 0o755 });
    ensurePrivateDataDir(older);
    expect(mode(older)).toBe(0o700);
  });
});

describe("npm run dev: one origin (lib/dev/one-origin.ts, as Next.js matches it)", () => {
  const [rule] = oneOriginRedirects("http://localhost:3000");
  /** Where Next's own matcher sends a request for `path` on `host`, or undefined to serve it. */
  const redirected = (host: string, path: string) => {
    if (!rule || !getPathMatch(rule.source)(path)) return undefined;
    const request = { headers: { host } } as unknown as IncomingMessage;
    return matchHas(request, {}, [], rule.missing) ? rule.destination : undefined;
  };

  it("sends every path on another name of the server to BETTER_AUTH_URL's origin", () => {
    for (const host of ["127.0.0.1:3000", "[::1]:3000", "localhost.example:3000"]) {
      expect(redirected(host, "/")).toBe("http://localhost:3000/:path*");
      expect(redirected(host, "/settings")).toBe("http://localhost:3000/:path*");
    }
  });

  it("serves the origin's own host name, on any port and in any case", () => {
    expect(redirected("localhost:3000", "/settings")).toBeUndefined();
    expect(redirected("LOCALHOST:3000", "/")).toBeUndefined();
  });

  it("escapes the host name: a dot is a dot", () => {
    const [dotted] = oneOriginRedirects("http://app.test:3000");
    expect(dotted?.missing[0]?.value).toBe("app\\.test");
  });
});

describe("npm run dev: what it passes on of next dev's output", () => {
  const banner = [
    "\u001b[1m▲ Next.js 16.4.6\u001b[22m (Turbopack)",
    "- Local:         http://127.0.0.1:3000",
    "- Network:       http://127.0.0.1:3000",
    "✓ Ready in 2.1s",
    "- Experiments (use with caution):",
    "  \u001b[1m✓\u001b[22m authInterrupts",
    "",
    '⚠ The "middleware" file convention is deprecated.',
    "○ Compiling /register ...",
    " GET /register 200 in 21.3s",
  ];

  it("drops the listen address, Next's own 'Ready' and the experiments list, keeps warnings", () => {
    const shown = nextOutputFilter(() => false);
    expect(banner.filter(shown)).toEqual([
      banner[0],
      "",
      banner[7],
      "○ Compiling /register ...",
      " GET /register 200 in 21.3s",
    ]);
  });

  it("drops its own warm-up requests and their compiling notes while it warms up", () => {
    const shown = nextOutputFilter(() => true);
    expect(banner.slice(7).filter(shown)).toEqual([banner[7]]);
  });
});

describe("what next dev prints of a request (Next's own ignore check)", () => {
  const printed = (url: string) =>
    !ignoreLoggingIncomingRequests({ url } as never, {
      incomingRequests: { ignore: UNLOGGED_DEV_REQUESTS },
    });

  it("never a page whose query carries a link's token, nor an API request", () => {
    expect(printed("/verify-email?token=abc123")).toBe(false);
    expect(printed("/reset-password?next=%2F&token=abc123")).toBe(false);
    expect(printed("/api/tasks?q=x")).toBe(false);
  });

  it("every other page", () => {
    expect(printed("/dashboard")).toBe(true);
    expect(printed("/verify-email?status=verified")).toBe(true);
  });
});
