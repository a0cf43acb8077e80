import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { analyzeEdgeBundle, EDGE_BUDGET_BYTES } from "@/scripts/edge-bundle";

/**
 * Builds a `.next` directory the way Next.js 16 / Turbopack lays out the middleware (manifest,
 * chunks with a trailing sourceMappingURL, source maps with sources and their content), so
 * the checker's rules are proven without running `next build`.
 */
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let encoded = "";
  do {
    const digit = rest & 31;
    rest >>>= 5;
    encoded += BASE64[rest > 0 ? digit | 32 : digit];
  } while (rest > 0);
  return encoded;
}

type Module = { source: string; content: string; code: string };

let distDir: string | undefined;
afterEach(() => {
  if (distDir) rmSync(distDir, { recursive: true, force: true });
  distDir = undefined;
});

/** One chunk holding the modules' generated code in order, plus unmapped glue before them. */
function buildWith(modules: Module[], { withMap = true } = {}): string {
  distDir = mkdtempSync(path.join(tmpdir(), "edge-bundle-"));
  const chunks = path.join(distDir, "server", "edge", "chunks");
  mkdirSync(chunks, { recursive: true });
  const glue = "(globalThis.TURBOPACK||=[]).push([";
  const segments = [vlq(0)];
  let code = glue;
  let previousColumn = 0;
  modules.forEach((module, index) => {
    segments.push(`${vlq(code.length - previousColumn)}${vlq(index === 0 ? 0 : 1)}AA`);
    previousColumn = code.length;
    code += module.code;
  });
  const map = {
    version: 3,
    sources: modules.map((module) => `../../${module.source}`),
    sourcesContent: modules.map((module) => module.content),
    mappings: segments.join(","),
  };
  writeFileSync(path.join(chunks, "mw.js.map"), JSON.stringify(map));
  writeFileSync(
    path.join(chunks, "mw.js"),
    withMap ? `${code}\n//# sourceMappingURL=mw.js.map` : code,
  );
  writeFileSync(
    path.join(distDir, "server", "middleware-manifest.json"),
    JSON.stringify({ version: 3, middleware: { "/": { files: ["server/edge/chunks/mw.js"] } } }),
  );
  return distDir;
}

const nextRuntime: Module = {
  source: "node_modules/next/dist/esm/server/web/adapter.js",
  content: 'import { AsyncLocalStorage } from "node:async_hooks";',
  code: "n".repeat(4000),
};
const middleware: Module = {
  source: "middleware.ts",
  content: 'import { jwtVerify } from "jose";',
  code: "m".repeat(300),
};
const jose: Module = {
  source: "node_modules/jose/dist/webapi/jwt/verify.js",
  content: "export async function jwtVerify() {}",
  code: "j".repeat(700),
};

describe("edge bundle check", () => {
  it("splits the bundle into Next.js's runtime and ours, by package and app file", () => {
    const report = analyzeEdgeBundle(buildWith([nextRuntime, middleware, jose]));
    expect(report.nextBytes).toBe(4000);
    expect(report.ownBytes).toBe(1000);
    expect(report.ownBySource).toEqual([
      { name: "jose", bytes: 700 },
      { name: "middleware.ts", bytes: 300 },
    ]);
    expect(report.totalBytes).toBe(report.nextBytes + report.ownBytes + report.unmappedBytes);
    // Next.js's own use of node:async_hooks is its business, not a violation of ours.
    expect(report.violations).toEqual([]);
  });

  it("fails on the database, bcrypt or Better Auth in the bundle", () => {
    const report = analyzeEdgeBundle(
      buildWith([
        middleware,
        { source: "node_modules/pg/lib/client.js", content: "", code: "p" },
        { source: "node_modules/drizzle-orm/index.js", content: "", code: "d" },
        { source: "node_modules/@neondatabase/serverless/index.mjs", content: "", code: "n" },
        { source: "node_modules/bcryptjs/index.js", content: "", code: "b" },
        { source: "node_modules/better-auth/dist/index.mjs", content: "", code: "a" },
        { source: "lib/db/client.ts", content: "", code: "c" },
      ]),
    );
    expect(report.violations).toEqual([
      expect.stringContaining("node_modules/pg/lib/client.js is the database driver"),
      expect.stringContaining("drizzle-orm/index.js is the database layer"),
      expect.stringContaining("@neondatabase/serverless/index.mjs is the database layer"),
      expect.stringContaining("bcryptjs/index.js is bcrypt"),
      expect.stringContaining("better-auth/dist/index.mjs is Better Auth"),
      expect.stringContaining("lib/db/client.ts is the database layer"),
    ]);
  });

  it("fails when our code or a dependency of ours imports a Node.js built-in", () => {
    const report = analyzeEdgeBundle(
      buildWith([
        {
          source: "lib/auth/tokens/tokens.ts",
          content: 'import { createHmac } from "node:crypto";',
          code: "t",
        },
        {
          source: "node_modules/some-lib/index.js",
          content: 'const fs = require("fs");',
          code: "s",
        },
      ]),
    );
    expect(report.violations).toEqual([
      'lib/auth/tokens/tokens.ts imports the Node.js built-in "node:crypto"',
      'node_modules/some-lib/index.js imports the Node.js built-in "fs"',
    ]);
  });

  it("fails when our share outgrows the 40 KB budget", () => {
    const big = { ...jose, code: "j".repeat(EDGE_BUDGET_BYTES + 1) };
    expect(analyzeEdgeBundle(buildWith([middleware, big])).violations).toEqual([
      expect.stringMatching(/over the 40\.0 KB budget/),
    ]);
    const fits = { ...jose, code: "j".repeat(EDGE_BUDGET_BYTES - middleware.code.length) };
    expect(analyzeEdgeBundle(buildWith([middleware, fits])).violations).toEqual([]);
  });

  it("refuses to guess when a chunk has no source map", () => {
    expect(() => analyzeEdgeBundle(buildWith([middleware], { withMap: false }))).toThrow(
      /no source map/,
    );
  });
});
