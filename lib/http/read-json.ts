import type { z } from "zod";
import { HttpError, validationError } from "./errors";

export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Reads and validates a JSON body: 415 for another content type, 413 past 64 KB (counted while
 * reading, so a lying Content-Length does not help), 400 for malformed JSON or a body the schema
 * refuses. The schema decides about unknown fields (use z.strictObject to refuse them).
 */
export async function readJson<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as application/json");
  }
  const text = await readBodyText(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not valid JSON");
  }
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** The raw body as text, refused with 413 past `limit` bytes. */
export async function readBodyText(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge(limit: number) {
  return new HttpError(413, "payload_too_large", `The body is larger than ${limit / 1024} KB`);
}

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * A body sent as JSON or, as OAuth2 clients send token requests (RFC 6749 §4.3.2, §6), as an
 * `application/x-www-form-urlencoded` form. `formFields` names the form fields taken, each with
 * the schema key it fills (`username` fills `email`); other form fields are ignored. Either way
 * the one schema validates, with the same 400 answer.
 */
export async function readJsonOrForm<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  formFields: Record<string, string>,
): Promise<z.infer<Schema>> {
  if (!FORM.test(request.headers.get("content-type") ?? "")) return readJson(request, schema);
  const form = new URLSearchParams(await readBodyText(request));
  const value: Record<string, string> = {};
  for (const [field, key] of Object.entries(formFields)) {
    const sent = form.get(field);
    if (sent !== null) value[key] = sent;
  }
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
