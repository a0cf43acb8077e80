import type { z } from "zod";
import { HttpError, validationError } from "./errors";
import { readBodyText } from "./read-body";

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * Reads and validates a JSON body: 415 for another content type (before reading it), then the
 * capped reader's answers (./read-body.ts: 413, 408), 400 for malformed JSON or a body the schema
 * refuses. The schema decides about unknown fields (use z.strictObject to refuse them).
 */
export async function readJson<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<z.infer<Schema>> {
  if (!JSON_TYPE.test(request.headers.get("content-type") ?? "")) throw notJson();
  return parseJson(await readBodyText(request), schema);
}

function parseJson<Schema extends z.ZodType>(text: string, schema: Schema): z.infer<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not valid JSON");
  }
  return validated(schema, value);
}

/** A value the schema accepts, or the same 400 a body it refuses gets. */
export function validated<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

function notJson() {
  return new HttpError(415, "unsupported_media_type", "Send the body as application/json");
}

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
  return parseForm(await readBodyText(request), schema, formFields);
}

/**
 * As `readJsonOrForm`, for a body that may be absent: an empty one (an empty POST) is undefined.
 */
export async function readOptionalJsonOrForm<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  formFields: Record<string, string>,
): Promise<z.infer<Schema> | undefined> {
  const contentType = request.headers.get("content-type") ?? "";
  const text = await readBodyText(request);
  if (text === "") return undefined;
  if (FORM.test(contentType)) return parseForm(text, schema, formFields);
  if (!JSON_TYPE.test(contentType)) throw notJson();
  return parseJson(text, schema);
}

function parseForm<Schema extends z.ZodType>(
  text: string,
  schema: Schema,
  formFields: Record<string, string>,
): z.infer<Schema> {
  const form = new URLSearchParams(text);
  const value: Record<string, string> = {};
  for (const [field, key] of Object.entries(formFields)) {
    const sent = form.get(field);
    if (sent !== null) value[key] = sent;
  }
  return validated(schema, value);
}
