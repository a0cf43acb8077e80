import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkImports } from "@/scripts/check-imports";

/**
 * `npm run lint`'s import rules (scripts/check-imports.ts), run on small projects written the way
 * a newcomer might get them wrong: each wrong import must be reported at its own line.
 */
let root: string;

function project(files: Record<string, string>): string {
  root = mkdtempSync(path.join(os.tmpdir(), "taskflow-imports-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("import rules", () => {
  it("refuses a module the proxy reaches that imports the database, even relatively", () => {
    const violations = checkImports(
      project({
        "proxy.ts": `import { verify } from "@/lib/auth/tokens/tokens";\nexport const x = verify;\n`,
        "lib/auth/tokens/tokens.ts": `import { jwtVerify } from "jose";\nimport { user } from "../../db/schema";\nexport const verify = [jwtVerify, user];\n`,
        "lib/db/schema.ts": `import { pgTable } from "drizzle-orm/pg-core";\nexport const user = pgTable;\n`,
      }),
    );
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: "proxy", at: "lib/db/schema.ts:1" }),
    );
    expect(violations.filter((violation) => violation.rule === "proxy")).toHaveLength(1);
  });

  it("refuses a Node built-in in the token folder even before the proxy imports it", () => {
    const violations = checkImports(
      project({
        "lib/auth/tokens/key-id.ts": `import { createHash } from "node:crypto";\nexport const keyId = createHash;\n`,
      }),
    );
    expect(violations).toEqual([
      expect.objectContaining({ rule: "proxy", at: "lib/auth/tokens/key-id.ts:1" }),
    ]);
  });

  it("lets the proxy import the database on demand, but not statically", () => {
    const violations = checkImports(
      project({
        "proxy.ts": `export async function proxy() {\n  const { refresh } = await import("@/lib/auth/core/refresh");\n  return refresh;\n}\n`,
        "lib/auth/core/refresh.ts": `import { user } from "../../db/schema";\nexport const refresh = user;\n`,
        "lib/db/schema.ts": `import { pgTable } from "drizzle-orm/pg-core";\nexport const user = pgTable;\n`,
      }),
    );
    expect(violations.filter((violation) => violation.rule === "proxy")).toEqual([]);
    const eager = checkImports(
      project({
        "proxy.ts": `import { refresh } from "@/lib/auth/core/refresh";\nexport const proxy = refresh;\n`,
        "lib/auth/core/refresh.ts": `import { user } from "../../db/schema";\nexport const refresh = user;\n`,
        "lib/db/schema.ts": `import { pgTable } from "drizzle-orm/pg-core";\nexport const user = pgTable;\n`,
      }),
    );
    expect(eager).toEqual([expect.objectContaining({ rule: "proxy", at: "lib/db/schema.ts:1" })]);
  });

  it("lets the proxy import types from anywhere: they are erased", () => {
    const violations = checkImports(
      project({
        "proxy.ts": `import type { User } from "@/lib/db/schema";\nimport { type Row } from "./lib/db/schema";\nexport type U = User | Row;\n`,
        "lib/db/schema.ts": `import { pgTable } from "drizzle-orm/pg-core";\nexport type User = typeof pgTable;\nexport type Row = 1;\n`,
      }),
    );
    expect(violations.filter((violation) => violation.rule === "proxy")).toEqual([]);
  });

  it("refuses lib/http importing lib/auth, and a lower folder importing a higher one", () => {
    const violations = checkImports(
      project({
        "lib/http/route.ts": `export { guard } from "../auth/core/guard";\n`,
        "lib/auth/core/guard.ts": `import { db } from "@/lib/db/client";\nexport const guard = db;\n`,
        "lib/db/client.ts": `\nimport { ROLES } from "@/lib/tasks/roles";\nexport const db = ROLES;\n`,
        "lib/tasks/roles.ts": `export const ROLES = [];\n`,
      }),
    );
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: "layers", at: "lib/http/route.ts:1" }),
    );
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: "layers", at: "lib/db/client.ts:2" }),
    );
    // auth → db goes down the layers: allowed.
    expect(violations.some((violation) => violation.at === "lib/auth/core/guard.ts:1")).toBe(false);
  });

  it("refuses a lib/ folder that has no place in the order", () => {
    const violations = checkImports(
      project({
        "lib/reports/weekly.ts": `import { db } from "@/lib/db/client";\nexport const weekly = db;\n`,
        "lib/db/client.ts": `export const db = 1;\n`,
      }),
    );
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: "layers", at: "lib/reports/weekly.ts:1" }),
    );
  });

  it("refuses lib/env.ts importing lib/auth: the environment comes before every folder", () => {
    const violations = checkImports(
      project({
        "lib/env.ts": `import { parse } from "./auth/tokens/key";\nexport const env = parse;\n`,
        "lib/auth/tokens/key.ts": `export const parse = 1;\n`,
        "lib/auth/core/guard.ts": `import { env } from "../../env";\nexport const guard = env;\n`,
      }),
    );
    expect(violations).toEqual([expect.objectContaining({ rule: "layers", at: "lib/env.ts:1" })]);
  });

  it("refuses a lower folder of lib/auth importing a higher one, and an unknown folder", () => {
    const violations = checkImports(
      project({
        "lib/auth/core/guard.ts": `import { rule } from "../second-factor/rule";\nexport const guard = rule;\n`,
        "lib/auth/second-factor/rule.ts": `import { cookie } from "../tokens/cookies";\nexport const rule = cookie;\n`,
        "lib/auth/tokens/cookies.ts": `export const cookie = 1;\n`,
        "lib/auth/helpers/misc.ts": `import { cookie } from "../tokens/cookies";\nexport const misc = cookie;\n`,
      }),
    );
    expect(violations.map((violation) => `${violation.rule} ${violation.at}`).sort()).toEqual([
      "layers lib/auth/core/guard.ts:1",
      "layers lib/auth/helpers/misc.ts:1",
    ]);
  });

  it("refuses a cycle of files, even through a type-only import, in lib/ and components/", () => {
    const violations = checkImports(
      project({
        "lib/auth/second-factor/plugin.ts": `import { rules } from "./rules";\nexport const LIFETIME = 300;\nexport const plugin = rules;\n`,
        "lib/auth/second-factor/rules.ts": `import { LIFETIME } from "./plugin";\nexport const rules = LIFETIME;\n`,
        "components/settings/list.tsx": `import { Item } from "./item";\nexport type Notice = string;\nexport const List = Item;\n`,
        "components/settings/item.tsx": `import type { Notice } from "./list";\nexport const Item = (notice: Notice) => notice;\n`,
        "lib/auth/second-factor/leaf.ts": `export const LEAF = 1;\n`,
      }),
    );
    expect(violations).toEqual([
      expect.objectContaining({ rule: "cycle", at: "components/settings/item.tsx:1" }),
      expect.objectContaining({ rule: "cycle", at: "lib/auth/second-factor/plugin.ts:1" }),
    ]);
  });

  it("refuses an import of the owner scope's module from anywhere but the guard and bench code", () => {
    const scope = `export function scopeOfCheckedSession(id: string) { return id; }\nexport type OwnerScope = string;\n`;
    const violations = checkImports(
      project({
        "lib/auth/core/owner-scope.ts": scope,
        "lib/auth/core/guard.ts": `import { scopeOfCheckedSession } from "./owner-scope";\nexport const guard = scopeOfCheckedSession;\n`,
        "lib/notes/queries.ts": `import type { OwnerScope } from "@/lib/auth/core/owner-scope";\nexport type Notes = OwnerScope;\n`,
        "app/notes/page.tsx": `import { Foo } from "./foo";\nimport { scopeOfCheckedSession } from "../../lib/auth/core/owner-scope";\nexport default scopeOfCheckedSession;\n`,
        "app/notes/foo.ts": `export const Foo = 1;\n`,
        "app/api/bench/route.bench.ts": `import { scopeOfCheckedSession } from "@/lib/auth/core/owner-scope";\nexport const GET = scopeOfCheckedSession;\n`,
      }),
    );
    expect(violations.filter((violation) => violation.rule === "private")).toEqual([
      expect.objectContaining({ at: "app/notes/page.tsx:2" }),
    ]);
  });
});
