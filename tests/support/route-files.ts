import { readdirSync } from "node:fs";
import path from "node:path";

/** Every route file under app/api as [OpenAPI path, its module's file], bench probes aside. */
export function routeFiles(dir = "app/api"): { path: string; file: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === "app/api/bench" ? [] : routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const route = `/${path.relative("app", dir)}`.replace(/\[(?!\.\.\.)([^\]]+)\]/g, "{$1}");
    return [{ path: route, file: full }];
  });
}

/** A route file's module, by a path known only at run time. */
export async function routeModule(file: string): Promise<Record<string, unknown>> {
  // Vite is told not to analyse the specifier (it warns otherwise).
  const specifier = `@/${file.replace(/\.ts$/, "")}`;
  return (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
}
