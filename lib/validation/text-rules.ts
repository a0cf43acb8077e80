/**
 * What text people type may hold, as plain functions: the server's schemas (./text.ts) and the
 * forms share them, and a form importing them brings no zod into the browser bundle.
 *
 * Refused anywhere: C0 and C1 control characters and DEL (no person types them; PostgreSQL
 * cannot store NUL; U+0085 is a line break some renderers honour), and the bidirectional
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder what is
 * shown: "\u202Enimda" displays as "admin". The directional marks (LRM, RLM, ALM) stay: right-to-
 * left writers use them to place punctuation, and they reorder nothing around them.
 */
// Tabs and line breaks belong in multi-line text (a task's description); other controls do not.
const LINE_BREAKS = new Set([0x09, 0x0a, 0x0d]);
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);
const isBidiControl = (code: number) =>
  (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);

export const TEXT_MESSAGES = {
  malformed: "Contains characters that are not valid text",
  control: "Contains control characters",
  bidi: "Contains characters that reorder text",
} as const;

/** Why `text` cannot be stored as typed, or undefined when it can. */
export function textProblem(text: string, { multiLine = false } = {}): string | undefined {
  if (!text.isWellFormed()) return TEXT_MESSAGES.malformed;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isControl(code) && !(multiLine && LINE_BREAKS.has(code))) return TEXT_MESSAGES.control;
    if (isBidiControl(code)) return TEXT_MESSAGES.bidi;
  }
  return undefined;
}

// Characters that show nothing: spaces, and Unicode's default-ignorable ones (zero-width space
// and joiners, word joiner, BOM, soft hyphen, directional marks, Hangul fillers, variation
// selectors, tags).
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}]/gu;

/** Whether `text` shows nothing at all: a title or a name of only invisible characters. */
export function isBlank(text: string): boolean {
  return text.replace(INVISIBLE, "") === "";
}
