/**
 * `npm run lint` runs this after Biome: the import rules that need the resolved module graph,
 * which a per-file lint rule cannot see (a relative import reaches the same file as an "@/" one).
 *
 * 1. A light proxy: `proxy.ts`, every module of the token folder (`TOKEN_FOLDER`, whether the
 *    proxy imports it yet or not) and every module they import, transitively, import only
 *    `next/*`, `jose` and modules of ours that obey the same rule (no database, no bcrypt, no
 *    Better Auth, no zod). The proxy runs before every page, and what it imports statically loads
 *    before the first page of every instance. Type-only imports are erased and free; a dynamic
 *    `import()` loads on demand (the proxy's refresh), so the rule does not follow it.
 * 2. The folders of `lib/` import each other in one direction only (`LAYERS`), so there is no
 *    cycle between them, and `lib/http`, below `lib/auth`, knows nothing of authentication.
 *    Files at `lib/`'s root and `lib/env/` (the environment) come first; inside `lib/auth` its
 *    folders keep an order of their own (`AUTH_LAYERS`).
 * 3. No cycle of files in `lib/` or `components/`, type-only imports included: a module and
 *    what it imports can be read, tested and moved apart only when one of them is a leaf.
 * 4. A private module (`PRIVATE_MODULES`) is imported only by the modules it serves and by bench
 *    code (`*.bench.ts(x)`, scripts/bench/), anywhere in the project; others may import its types.
 *
 * Each violation is reported at the import line that makes it, and fails the lint.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

type Import = {
  from: string;
  line: number;
  specifier: string;
  target: string;
  typeOnly: boolean;
  dynamic: boolean;
};
export type Violation = { rule: string; at: string; message: string };

const PROXY_ENTRY = "proxy.ts";
// The light half of auth (tokens, cookie names, signing keys): checked as the proxy is.
const TOKEN_FOLDER = "lib/auth/tokens/";
const LIGHT_PACKAGES = [/^next(\/|$)/, /^jose$/];
// Rule 3 looks for cycles among these folders' files.
const ACYCLIC_FOLDERS = ["lib/", "components/"];
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mjs", ".js"];
// Rules 1 and 2 concern lib/ and what proxy.ts reaches; rule 3 the whole project.
const PROJECT_FOLDERS = ["lib", "app", "components", "scripts", "tests"];

/** Every violation of the two rules in the project at `root`. */
export function checkImports(root: string): Violation[] {
  const graph = importGraph(root);
  return [
    ...proxyViolations(graph),
    ...layerViolations(graph),
    ...cycleViolations(graph),
    ...privateViolations(graph),
  ];
}

function importGraph(root: string): Map<string, Import[]> {
  const graph = new Map<string, Import[]>();
  const files = [
    ...(existsSync(path.join(root, PROXY_ENTRY)) ? [PROXY_ENTRY] : []),
    ...PROJECT_FOLDERS.flatMap((folder) => sourceFiles(root, folder)),
  ];
  const pending = [...files];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file)) continue;
    const imports = importsOf(root, file);
    graph.set(file, imports);
    for (const edge of imports)
      if (isOurs(edge) && !graph.has(edge.target)) pending.push(edge.target);
  }
  return graph;
}

function sourceFiles(root: string, folder: string): string[] {
  const directory = path.join(root, folder);
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((entry) => {
    const relative = path.posix.join(folder, entry);
    if (statSync(path.join(root, relative)).isDirectory()) return sourceFiles(root, relative);
    return SOURCE_EXTENSIONS.includes(path.extname(entry)) ? [relative] : [];
  });
}

function importsOf(root: string, file: string): Import[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (node: ts.Node, specifier: string, typeOnly: boolean, dynamic = false) =>
    found.push({
      from: file,
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      specifier,
      target: resolve(root, file, specifier),
      typeOnly,
      dynamic,
    });
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly = ts.isImportDeclaration(node)
        ? Boolean(node.importClause?.isTypeOnly) || onlyTypeSpecifiers(node.importClause)
        : node.isTypeOnly;
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node, node.arguments[0].text, false, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// `import { type A, type B } from "x"` is as type-only as `import type { A, B } from "x"`.
function onlyTypeSpecifiers(clause: ts.ImportClause | undefined): boolean {
  const bindings = clause?.namedBindings;
  if (!clause || clause.name || !bindings || !ts.isNamedImports(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

/** A project-relative file for our modules; the specifier itself for packages and built-ins. */
function resolve(root: string, from: string, specifier: string): string {
  const base = specifier.startsWith("@/")
    ? specifier.slice(2)
    : specifier.startsWith(".")
      ? path.posix.join(path.posix.dirname(from), specifier)
      : undefined;
  if (base === undefined) return specifier;
  const candidates = [
    base,
    ...SOURCE_EXTENSIONS.map((extension) => `${base}${extension}`),
    ...SOURCE_EXTENSIONS.map((extension) => `${base}/index${extension}`),
  ];
  return candidates.find((candidate) => isFile(path.join(root, candidate))) ?? base;
}

const isFile = (file: string) => existsSync(file) && statSync(file).isFile();
// A package's own path may end in `.js` too (`@modelcontextprotocol/sdk/types.js`): only a relative
// or "@/" specifier names a file of ours.
const isOurs = (edge: Import) =>
  /^(\.|@\/)/.test(edge.specifier) && SOURCE_EXTENSIONS.includes(path.extname(edge.target));
const at = (edge: Import) => `${edge.from}:${edge.line}`;

function proxyViolations(graph: Map<string, Import[]>): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const edge of graph.get(file) ?? []) {
      if (edge.typeOnly || edge.dynamic) continue;
      if (isOurs(edge)) {
        walk(edge.target, [...chain, edge.target]);
      } else if (!LIGHT_PACKAGES.some((allowed) => allowed.test(edge.specifier))) {
        violations.push({
          rule: "proxy",
          at: at(edge),
          message: `"${edge.specifier}" is not among what the proxy loads at start (next/*, jose), and ${chain.join(" → ")} reaches it statically`,
        });
      }
    }
  };
  const entries = [
    PROXY_ENTRY,
    ...[...graph.keys()].filter((file) => file.startsWith(TOKEN_FOLDER)),
  ];
  for (const entry of entries) if (graph.has(entry)) walk(entry, [entry]);
  return violations;
}

// The environment: lib/env.ts, lib/token-env.ts and the parsers of lib/env/.
const ROOT = "(root)";

/** lib/'s folder of a file; the files at lib/'s root and lib/env/ are the environment's. */
function folderOf(file: string): string | undefined {
  if (/^lib\/[^/]+$/.test(file) || file.startsWith("lib/env/")) return ROOT;
  return /^lib\/([^/]+)\//.exec(file)?.[1];
}

/**
 * The one-way order of lib/'s folders, lowest first: a folder imports only folders before it.
 * Any order without exceptions has no cycles. The environment comes first: everything reads
 * it, and it reads nothing of ours but the digests it names its signing keys with.
 */
export const LAYERS = [
  // Digests over node:crypto, with no imports of ours.
  "crypto",
  ROOT,
  "validation",
  // The user's display preferences (theme, time zone), read from plain cookies.
  "preferences",
  "db",
  "http",
  "rate-limit",
  // Mail, with its per-address cap (a rate-limit rule).
  "email",
  "auth",
  // Shared workspaces: their scope is made by a guard of their own, on the auth core's pieces.
  "workspaces",
  // Development tooling (secrets and the embedded database for `npm run dev`) uses the rest.
  "dev",
  "tasks",
  // The MCP endpoint: the task API's functions as tools for agents.
  "mcp",
  "admin",
  "maintenance",
  // The OpenAPI document describes every route's schemas.
  "openapi",
  "client",
];

/**
 * lib/auth's folders, lowest first, by their job: a folder imports only its own rank and those
 * before it. The features of one rank may use each other (a passkey is a second factor); the
 * cycle rule keeps their files apart.
 */
export const AUTH_LAYERS = [
  // The light half of auth: token signing and cookie names (the proxy loads only this).
  ["tokens"],
  // What a feature declares (endpoints, limits, answers) and Better Auth's hook types: a leaf.
  ["contract"],
  // The account fields and their rules, shared by our endpoints, Better Auth's and the forms.
  ["fields"],
  // Hashing and checking passwords, the breach check, the reset mail.
  ["passwords"],
  // The guard, refresh families, the token pair, the limits, discovery documents.
  ["core"],
  // The account's records: security events, notices, sessions, trusted browsers, fresh starts.
  ["account"],
  // One folder per feature; each index.ts is the one object the layers above collect.
  [
    "email-password",
    "sessions",
    "email-ownership",
    "second-factor",
    "passkeys",
    "sso",
    "api-keys",
    "oauth",
    "connected-apps",
  ],
  // Our Better Auth instance, the features it runs, the token bridge, in-process callers.
  ["better-auth"],
  // The HTTP door of Better Auth's endpoints.
  ["front-door"],
];

const authFolderOf = (file: string) => /^lib\/auth\/([^/]+)\//.exec(file)?.[1];
const authRank = (folder: string) => AUTH_LAYERS.findIndex((rank) => rank.includes(folder));

function layerViolations(graph: Map<string, Import[]>): Violation[] {
  return [...graph.values()].flat().flatMap((edge) => {
    const from = folderOf(edge.from);
    const to = folderOf(edge.target);
    if (!from || !to) return [];
    if (from === "auth" && to === "auth") return authLayerViolations(edge);
    if (from === to) return [];
    if (!LAYERS.includes(from) || !LAYERS.includes(to)) {
      const unknown = LAYERS.includes(from) ? to : from;
      return [
        layerViolation(edge, `lib/${unknown} has no place in LAYERS (scripts/check-imports.ts)`),
      ];
    }
    if (LAYERS.indexOf(to) < LAYERS.indexOf(from)) return [];
    return [
      layerViolation(
        edge,
        `lib/${from} imports lib/${to} (${edge.target}), which comes after it in LAYERS`,
      ),
    ];
  });
}

function authLayerViolations(edge: Import): Violation[] {
  const from = authFolderOf(edge.from);
  const to = authFolderOf(edge.target);
  if (!from || !to || from === to) {
    if (from && to) return [];
    return [layerViolation(edge, "lib/auth holds folders only (AUTH_LAYERS)")];
  }
  const [fromRank, toRank] = [authRank(from), authRank(to)];
  if (fromRank < 0 || toRank < 0) {
    const unknown = fromRank < 0 ? from : to;
    return [
      layerViolation(
        edge,
        `lib/auth/${unknown} has no place in AUTH_LAYERS (scripts/check-imports.ts)`,
      ),
    ];
  }
  if (toRank <= fromRank) return [];
  return [
    layerViolation(
      edge,
      `lib/auth/${from} imports lib/auth/${to} (${edge.target}), which comes after it in AUTH_LAYERS`,
    ),
  ];
}

function layerViolation(edge: Import, message: string): Violation {
  return { rule: "layers", at: at(edge), message };
}

/**
 * Every cycle of files (a strongly connected set, Tarjan's algorithm), reported once, at an
 * import that closes it.
 */
function cycleViolations(graph: Map<string, Import[]>): Violation[] {
  const inScope = (file: string) => ACYCLIC_FOLDERS.some((folder) => file.startsWith(folder));
  const edges = (file: string) =>
    (graph.get(file) ?? []).filter((edge) => !edge.dynamic && inScope(edge.target));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const violations: Violation[] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const { target } of edges(file)) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const members: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      members.push(member);
    } while (member !== file);
    const closing = members
      .flatMap((from) => edges(from).filter((edge) => members.includes(edge.target)))
      .sort((a, b) => at(a).localeCompare(at(b)))[0];
    if (!closing) return;
    violations.push({
      rule: "cycle",
      at: at(closing),
      message: `a cycle of files: ${members.sort().join(" ⇄ ")}; move what they share into a leaf`,
    });
  };
  for (const file of [...graph.keys()].filter(inScope).sort()) if (!index.has(file)) visit(file);
  return violations;
}

/** Each private module, with the only modules that may import it (besides bench code). */
export const PRIVATE_MODULES: Record<string, string[]> = {
  // An owner scope is proof that the guard ran (lib/auth/core/owner-scope.ts): only the guard makes
  // one; the bench's control probe makes one without the guard, to measure what the guard costs.
  "lib/auth/core/owner-scope.ts": ["lib/auth/core/guard.ts"],
};

const isBenchCode = (file: string) =>
  /\.bench\.tsx?$/.test(file) || file.startsWith("scripts/bench/");

function privateViolations(graph: Map<string, Import[]>): Violation[] {
  return [...graph.values()].flat().flatMap((edge) => {
    const servedOnly = PRIVATE_MODULES[edge.target];
    if (!servedOnly || edge.typeOnly || servedOnly.includes(edge.from) || isBenchCode(edge.from)) {
      return [];
    }
    return [
      {
        rule: "private",
        at: at(edge),
        message: `${edge.target} is private to ${servedOnly.join(", ")} (PRIVATE_MODULES in scripts/check-imports.ts): import what it serves from there`,
      },
    ];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const violations = checkImports(process.cwd());
  for (const violation of violations) console.error(`${violation.at}: ${violation.message}`);
  if (violations.length > 0) process.exit(1);
  console.log("Import rules: no violation.");
}
