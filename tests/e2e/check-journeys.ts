/**
 * Run by `npm run test:e2e` before anything else (and alone: `npx tsx tests/e2e/check-journeys.ts`):
 * the ways of writing a journey that pass on a quiet machine and fail, now and then, on a busy
 * one. Each is reported at its line, and fails the run:
 *
 * - `navigates-after-action`: page.goto (reload, back, forward) as the first thing done with a
 *   page after an action that may itself navigate (a click, Enter, a sign-in), with at most work
 *   away from the browser in between (an HTTP call, a server's listener): wait for where that
 *   action leads (waitForURL, or a locator of the page it shows) first.
 * - `sleep`: waitForTimeout or setTimeout in a journey. Wait for what the page shows instead.
 * - `reads-without-waiting`: isVisible and isHidden answer at once, never waiting: use
 *   `locator.waitFor({ state })`, or `eventually` (support/eventually.ts) for a value.
 * - `short-timeout`: a timeout below the suite's step timeout (support/journey.ts).
 *
 * A statement that does one of these on purpose says so in a comment just above it:
 * `// allow(sleep): why`.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { STEP_TIMEOUT_MS } from "./support/journey";

export type Finding = { rule: string; at: string; message: string };

const E2E = path.resolve("tests/e2e");
const NAVIGATIONS = new Set(["goto", "reload", "goBack", "goForward"]);
/** Actions that can start a navigation; `signIn` (support/browser.ts) ends with a click. */
const ACTIONS = new Set(["click", "dblclick", "tap", "press", "check", "uncheck", "setChecked"]);
const ACTION_HELPERS = new Set(["signIn"]);
const SLEEPS = new Set(["waitForTimeout", "setTimeout"]);
const IMMEDIATE_READS = new Set(["isVisible", "isHidden"]);
const BROWSER_TYPES = new Set(["Page", "Frame", "Locator", "FrameLocator"]);
const PLAYWRIGHT_TYPES = ["index.d.ts", "types/types.d.ts", "types/structs.d.ts"].map((file) =>
  path.resolve("node_modules/playwright-core", file),
);

/** Every finding in the journeys and their support files. */
export function checkJourneys(): Finding[] {
  const files = ["journeys", "support"].flatMap((folder) =>
    readdirSync(path.join(E2E, folder))
      .filter((name) => name.endsWith(".ts"))
      .map((name) => path.join(E2E, folder, name)),
  );
  // Only what says which values are pages and locators: the rest of the project stays unread.
  const program = ts.createProgram([...files, ...PLAYWRIGHT_TYPES], {
    ...compilerOptions(),
    noResolve: true,
  });
  const checker = program.getTypeChecker();
  return files.flatMap((file) =>
    checkFile(program.getSourceFile(file) as ts.SourceFile, checker, file.includes("/journeys/")),
  );
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile("tsconfig.json", ts.sys.readFile).config;
  return ts.parseJsonConfigFileContent(config, ts.sys, process.cwd()).options;
}

function checkFile(source: ts.SourceFile, checker: ts.TypeChecker, isJourney: boolean): Finding[] {
  const file = source.fileName;
  const text = source.getFullText();
  /** Whether the statement does something with a page, a frame or a locator (not in a callback). */
  const touchesPage = (statement: ts.Statement) => {
    let touches = false;
    const visit = (node: ts.Node) => {
      if (touches || ts.isFunctionLike(node)) return;
      if (ts.isIdentifier(node)) {
        const type = checker.getTypeAtLocation(node).getSymbol()?.getName() ?? "";
        touches = BROWSER_TYPES.has(type);
      } else ts.forEachChild(node, visit);
    };
    visit(statement);
    return touches;
  };
  const findings: Finding[] = [];
  const report = (rule: string, node: ts.Node, message: string) => {
    const statement = enclosingStatement(node);
    const above = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
    if (above.some((range) => text.slice(range.pos, range.end).includes(`allow(${rule})`))) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    findings.push({ rule, at: `${path.relative(process.cwd(), file)}:${line + 1}`, message });
  };

  const visit = (node: ts.Node) => {
    if (ts.isBlock(node) || ts.isSourceFile(node)) {
      node.statements.forEach((statement, index) => {
        const action = awaitedCallName(statement);
        if (!action || !(ACTIONS.has(action) || ACTION_HELPERS.has(action))) return;
        for (const next of node.statements.slice(index + 1)) {
          const navigation = navigationIn(next);
          if (navigation) {
            report(
              "navigates-after-action",
              navigation,
              `${navigation.getText()} after ${action}() with no wait for where ${action}() leads`,
            );
          }
          if (navigation || touchesPage(next)) break;
        }
      });
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (isJourney && name && SLEEPS.has(name)) {
        report("sleep", node, `${name}: wait for what the page shows, not for time`);
      }
      if (name && IMMEDIATE_READS.has(name)) {
        report(
          "reads-without-waiting",
          node,
          `${name} never waits: use locator.waitFor({ state })`,
        );
      }
    }
    if (
      isJourney &&
      ts.isPropertyAssignment(node) &&
      node.name.getText() === "timeout" &&
      ts.isNumericLiteral(node.initializer) &&
      Number(node.initializer.text) < STEP_TIMEOUT_MS
    ) {
      report("short-timeout", node, `timeout ${node.initializer.text} ms on a busy machine`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return undefined;
}

/** `await something.click(...)` as a whole statement: the name of what it calls. */
function awaitedCallName(statement: ts.Statement): string | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isAwaitExpression(statement.expression)) {
    return undefined;
  }
  const awaited = statement.expression.expression;
  return ts.isCallExpression(awaited) ? calleeName(awaited) : undefined;
}

/** A navigation the statement runs itself (not one in a function it only defines). */
function navigationIn(statement: ts.Statement): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node) => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isCallExpression(node) && NAVIGATIONS.has(calleeName(node) ?? "")) found = node;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(statement, visit);
  return found;
}

function enclosingStatement(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && !ts.isBlock(current.parent) && !ts.isSourceFile(current.parent)) {
    current = current.parent;
  }
  return current;
}

/** Prints every finding at its line, and ends the process with 1 when there is one. */
export function exitOnFindings(): void {
  const findings = checkJourneys();
  for (const { rule, at, message } of findings) console.error(`${at} ${rule}: ${message}`);
  if (findings.length > 0) process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) exitOnFindings();
