import { z } from "zod";
import { HttpError } from "./errors";

/**
 * Keyset pagination: a page ends with an opaque cursor naming the last row's sort key and id, and
 * the next page starts strictly after it. Unlike an offset, rows inserted between two requests
 * shift nothing, so pages never repeat or skip a row. The cursor is only a position: every
 * query is still scoped to its owner, so a forged cursor can reveal nothing.
 */
export const pageLimit = z.coerce.number().int().min(1).max(100).default(20);
export const pageCursor = z.string().max(1024).optional();

export type PagePosition = { key: string; id: string };

/** `order` names the ordering the position belongs to, so a cursor is refused by any other. */
export function encodeCursor(order: string, position: PagePosition): string {
  return Buffer.from(JSON.stringify([order, position.key, position.id])).toString("base64url");
}

export function decodeCursor(
  order: string,
  cursor: string,
  format: { key: z.ZodType<string>; id: z.ZodType<string> },
): PagePosition {
  const decoded = z
    .tuple([z.literal(order), format.key, format.id])
    .safeParse(parseJson(Buffer.from(cursor, "base64url").toString("utf8")));
  if (!decoded.success) {
    throw new HttpError(400, "validation_error", "Invalid query parameters", {
      fields: { cursor: ["Not a cursor from this list and sort order"] },
    });
  }
  const [, key, id] = decoded.data;
  return { key, id };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
