import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PREFLIGHT_ROUTES } from "@/lib/http/cors";

/**
 * Which routes answer a CORS preflight is decided in one place (lib/http/cors.ts
 * PREFLIGHT_ROUTES); Next.js needs each of them to export OPTIONS, so every route file is held to
 * the list: a listed route without the export would fail cross-origin clients, an unlisted one
 * with it would open a route nobody decided to open.
 */
const APP = path.resolve(import.meta.dirname, "../../app");

function routeFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const file = path.join(directory, entry);
    if (statSync(file).isDirectory()) return routeFiles(file);
    return entry === "route.ts" ? [file] : [];
  });
}

// app/(group)/api/tasks/[id]/route.ts → /api/tasks/[id]
const routePath = (file: string) =>
  `/${path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .join("/")}`;

describe("CORS preflight routes", () => {
  it("are exactly the routes in PREFLIGHT_ROUTES, each exporting OPTIONS = corsPreflight", () => {
    const answering = routeFiles(APP)
      .filter((file) => /^export const OPTIONS = corsPreflight;$/m.test(readFileSync(file, "utf8")))
      .map(routePath)
      .sort();
    expect(answering).toEqual([...PREFLIGHT_ROUTES].sort());
  });
});
