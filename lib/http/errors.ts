import type { z } from "zod";
import { jsonNoStore } from "./responses";

/**
 * The one shape of every error answer: `{ error: { code, message, fields? } }`. Code in lib/
 * throws an HttpError; `handleRoute` turns it (or a ZodError) into that shape, and anything
 * else into a generic 500 that reveals nothing.
 */
export type ErrorBody = {
  error: { code: string; message: string; fields?: Record<string, string[]> };
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: { fields?: Record<string, string[]>; headers?: HeadersInit } = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function errorResponse(error: HttpError): Response {
  const { fields, headers } = error.options;
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, ...(fields && { fields }) },
  };
  return jsonNoStore(body, { status: error.status, headers });
}

/** Field errors keyed by dotted path ("" for the whole body), for forms to show inline. */
export function validationError(error: z.ZodError, message = "Invalid input"): HttpError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    fields[key] = [...(fields[key] ?? []), issue.message];
  }
  return new HttpError(400, "validation_error", message, { fields });
}
