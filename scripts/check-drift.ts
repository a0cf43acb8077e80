/**
 * `npm run check:drift` (CI): fails when what is committed has drifted from what runs.
 * - The schema and the migrations: `drizzle-kit generate`, run on a copy of drizzle/, must find
 *   nothing to generate. Otherwise a schema change shipped without its migration (or a migration
 *   edited by hand), and production's tables differ from lib/db/schema.ts.
 * - better-call: we import it directly (package.json pins it), and Better Auth pins its own. Two
 *   copies would mean our `APIError` checks and cookie helpers are not the ones Better Auth uses.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The SQL files `drizzle-kit generate` would add for `schema` over `migrations`; none when in step.
 */
export function pendingMigrations(schema: string, migrations = "drizzle"): string[] {
  const copy = mkdtempSync(path.join(tmpdir(), "taskflow-drift-"));
  try {
    cpSync(migrations, copy, { recursive: true });
    const before = new Set(readdirSync(copy));
    // drizzle-kit reads --out relative to the working directory (an absolute path becomes
    // ".//tmp/..."), and exits 0 even when it fails: its answer is checked by what it printed.
    const output = execFileSync(
      process.execPath,
      [
        "node_modules/drizzle-kit/bin.cjs",
        "generate",
        "--dialect",
        "postgresql",
        "--schema",
        schema,
        "--out",
        path.relative(process.cwd(), copy),
        "--name",
        "drift",
      ],
      { encoding: "utf8", stdio: "pipe" },
    );
    if (!/No schema changes|Your SQL migration file/.test(output)) {
      throw new Error(`drizzle-kit generate did not finish:\n${output}`);
    }
    return readdirSync(copy).filter((file) => file.endsWith(".sql") && !before.has(file));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

type BetterCallVersions = {
  direct: string;
  pinnedByBetterAuth: string;
  resolvedByBetterAuth: string;
};

/** The better-call we install, the version Better Auth pins, and the copy Better Auth loads. */
export function betterCallVersions(root = process.cwd()): BetterCallVersions {
  const betterAuth = packageDir(root, "better-auth");
  return {
    direct: manifest(packageDir(root, "better-call")).version,
    pinnedByBetterAuth: manifest(betterAuth).dependencies["better-call"],
    resolvedByBetterAuth: manifest(packageDir(betterAuth, "better-call")).version,
  };
}

// Node's own lookup order (node_modules folders from `from` upwards): the copy `from` would load.
// Resolved by folder, as neither package exports its package.json.
function packageDir(from: string, name: string): string {
  const lookup = createRequire(path.join(from, "noop.js")).resolve.paths(name) ?? [];
  const found = lookup
    .map((folder) => path.join(folder, name))
    .find((dir) => existsSync(path.join(dir, "package.json")));
  if (!found) throw new Error(`${name} is not installed (from ${from})`);
  return found;
}

const manifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));

/** What is wrong with the installed better-call, if anything. */
export function betterCallProblem(versions: BetterCallVersions): string | undefined {
  const { direct, pinnedByBetterAuth, resolvedByBetterAuth } = versions;
  if (direct === pinnedByBetterAuth && resolvedByBetterAuth === direct) return undefined;
  return `better-call ${direct} is installed, but better-auth pins ${pinnedByBetterAuth} (and loads ${resolvedByBetterAuth}): set package.json's better-call to ${pinnedByBetterAuth}.`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const problems: string[] = [];
  const pending = pendingMigrations("./lib/db/schema.ts");
  if (pending.length > 0) {
    problems.push(
      `lib/db/schema.ts and drizzle/ are out of step: drizzle-kit generate would add ${pending.join(", ")}. Run \`npm run db:generate\` and commit the migration.`,
    );
  }
  const versions = betterCallVersions();
  const betterCall = betterCallProblem(versions);
  if (betterCall) problems.push(betterCall);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`drift: ${problem}`);
    process.exit(1);
  }
  console.log(
    `no drift: migrations match lib/db/schema.ts; better-call ${versions.direct} is the one better-auth pins`,
  );
}
