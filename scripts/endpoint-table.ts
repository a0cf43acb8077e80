/**
 * docs/api.md's table of Better Auth's endpoints, generated from the features that serve them
 * (lib/auth/contract/endpoint.ts). `npx tsx scripts/endpoint-table.ts` rewrites it between its
 * markers; tests/integration/auth-surface.test.ts fails while it is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { ServedEndpoint } from "@/lib/auth/contract/endpoint";
import { SERVED_ENDPOINTS } from "@/lib/auth/front-door/surface";

export const TABLE_START = "<!-- endpoint-table:start (scripts/endpoint-table.ts) -->";
export const TABLE_END = "<!-- endpoint-table:end -->";
export const API_REFERENCE = "docs/api.md";

export function endpointTable(endpoints: Record<string, ServedEndpoint>): string {
  const rows = Object.entries(endpoints).map(
    ([path, endpoint]) =>
      `| \`${endpoint.method} /api/auth${path}\` | ${endpoint.caller} | 64 KB | \`${endpoint.limit.names.join(", ")}\` |`,
  );
  return [
    "| Endpoint | Who may call it | Body limit | Rate limit |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** The text between the markers of `document`. */
export function tableIn(document: string): string {
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${API_REFERENCE} has lost its table's markers`);
  return document.slice(start + TABLE_START.length, end).trim();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const document = readFileSync(API_REFERENCE, "utf8");
  const stale = tableIn(document);
  writeFileSync(API_REFERENCE, document.replace(stale, endpointTable(SERVED_ENDPOINTS)));
  console.log(`${API_REFERENCE}: the endpoint table is written.`);
}
