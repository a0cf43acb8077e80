import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { betterCallProblem, betterCallVersions, pendingMigrations } from "@/scripts/check-drift";

const scratch = mkdtempSync(path.join(tmpdir(), "taskflow-drift-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm run check:drift", () => {
  it("finds no migration to generate for the committed schema", () => {
    expect(pendingMigrations("./lib/db/schema.ts")).toEqual([]);
  }, 60_000);

  it("finds one when the schema has a table no migration creates", () => {
    const schema = path.join(scratch, "schema.ts");
    const modules = path.resolve("node_modules");
    writeFileSync(
      schema,
      `export * from ${JSON.stringify(path.resolve("lib/db/schema.ts"))};
import { pgTable, text } from ${JSON.stringify(path.join(modules, "drizzle-orm/pg-core/index.cjs"))};
export const driftProbe = pgTable("drift_probe", { id: text("id").primaryKey() });
`,
    );
    expect(pendingMigrations(schema)).toEqual([expect.stringMatching(/_drift\.sql$/)]);
  }, 60_000);

  it("accepts the installed better-call, the one better-auth pins", () => {
    expect(betterCallProblem(betterCallVersions())).toBeUndefined();
  });

  it("refuses a better-call other than the one better-auth pins", () => {
    const root = path.join(scratch, "project");
    const install = (name: string, manifest: object) => {
      mkdirSync(path.join(root, "node_modules", name), { recursive: true });
      writeFileSync(
        path.join(root, "node_modules", name, "package.json"),
        JSON.stringify({ name, ...manifest }),
      );
    };
    install("better-auth", { version: "1.7.25", dependencies: { "better-call": "1.4.5" } });
    install("better-call", { version: "1.4.4" });
    const versions = betterCallVersions(root);
    expect(versions).toEqual({
      direct: "1.4.4",
      pinnedByBetterAuth: "1.4.5",
      resolvedByBetterAuth: "1.4.4",
    });
    expect(betterCallProblem(versions)).toContain("set package.json's better-call to 1.4.5");
  });
});
