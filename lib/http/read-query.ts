import type { z } from "zod";
import { validationError } from "./errors";

/**
 * Validates a URL's query string against a schema (use z.strictObject, so an unknown parameter
 * is a 400 rather than silently ignored). A parameter given twice reaches the schema as an
 * array, which a string field refuses, instead of one of the values winning unnoticed.
 */
export function readQuery<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): z.infer<Schema> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URL(request.url).searchParams) {
    const seen = params[name];
    params[name] = seen === undefined ? value : [seen, value].flat();
  }
  const result = schema.safeParse(params);
  if (!result.success) throw validationError(result.error, "Invalid query parameters");
  return result.data;
}
