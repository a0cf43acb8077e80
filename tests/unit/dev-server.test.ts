import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { devListenArgs, isLoopbackOnly } from "@/lib/dev/listen-host";
import { ensurePrivateDataDir } from "@/lib/dev/local-secrets";

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
