import { asc, desc, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { storableTimestamp } from "@/lib/validation/text";
import { decodeCursor, encodeCursor } from "./pagination";

/**
 * Keyset pagination in SQL: rows are ordered by a never-null key and their id, a page ends with
 * the last row's (key, id), and the next page is one row comparison past it, which an index on
 * (owner, key, id) answers with a range scan however deep the page. The key travels as text
 * computed by PostgreSQL (a timestamp keeps its microseconds) and is cast back on the way in.
 */
export type KeysetKey = {
  expression: SQL | PgColumn;
  asText: SQL<string>;
  textFormat: z.ZodType<string>;
  sqlType: SQL;
};

export function timestampKey(column: PgColumn): KeysetKey {
  return {
    expression: column,
    asText: sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    textFormat: storableTimestamp,
    sqlType: sql`timestamptz`,
  };
}

export type Keyset = {
  /** Names the ordering, so a cursor from another one is refused. */
  name: string;
  key: KeysetKey;
  id: PgColumn;
  idFormat: z.ZodType<string>;
  descending: boolean;
};

export function keysetOrder({ key, id, descending }: Keyset): SQL[] {
  const direction = descending ? desc : asc;
  return [direction(key.expression), direction(id)];
}

/** The condition for rows strictly after the cursor; none without a cursor (first page). */
export function keysetAfter(keyset: Keyset, cursor: string | undefined): SQL | undefined {
  if (cursor === undefined) return undefined;
  const { key, id, descending } = keyset;
  const position = decodeCursor(keyset.name, cursor, { key: key.textFormat, id: keyset.idFormat });
  const comparison = descending ? sql`<` : sql`>`;
  return sql`(${key.expression}, ${id}) ${comparison} (cast(${position.key} as ${key.sqlType}), ${position.id})`;
}

/** Cuts the `limit + 1` rows a query fetched into a page and the cursor for the next one. */
export function toPage<Row extends { cursorKey: string; id: string }>(
  keyset: Keyset,
  rows: Row[],
  limit: number,
): { items: Omit<Row, "cursorKey">[]; nextCursor: string | null } {
  const items = rows.slice(0, limit).map(({ cursorKey: _, ...item }) => item);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    items,
    nextCursor: last ? encodeCursor(keyset.name, { key: last.cursorKey, id: last.id }) : null,
  };
}
