import { z } from "zod";
import { isBlank, TEXT_MESSAGES, textProblem } from "./text-rules";

/**
 * Text as people type it, by the one rule of ./text-rules.ts (the forms use it too): input it
 * refuses gets a 400 naming the field, never stored and never a 500.
 */
function refuseProblems(text: string, context: z.RefinementCtx, multiLine: boolean) {
  const problem = textProblem(text, { multiLine });
  if (problem) context.addIssue({ code: "custom", message: problem });
}

export const singleLineText = z
  .string()
  .superRefine((text, context) => refuseProblems(text, context, false));

export const multiLineText = z
  .string()
  .superRefine((text, context) => refuseProblems(text, context, true));

/**
 * A name or a title: single-line text, trimmed, that shows something once invisible characters
 * are set aside (a title of only a zero-width space is empty), at most `max` characters.
 */
export function requiredSingleLineText(messages: { empty: string; tooLong: string }, max: number) {
  return singleLineText
    .trim()
    .refine((text) => !isBlank(text), messages.empty)
    .refine((text) => text.length <= max, messages.tooLong);
}

/** Any text PostgreSQL can hold (no NUL, no half surrogate pair), e.g. a key inside a cursor. */
export const storableText = z
  .string()
  .refine((text) => text.isWellFormed(), TEXT_MESSAGES.malformed)
  .refine((text) => !text.includes("\u0000"), "Contains a NUL character");

/**
 * Whether PostgreSQL can hold `text`. An id from a URL that it cannot hold names no row: it is
 * looked up as none rather than sent to the database, which would refuse the statement.
 */
export const isStorableText = (text: string) => storableText.safeParse(text).success;

/** PostgreSQL has no year 0000 (1 BC) in dates and timestamps: years run from 0001. */
const notYearZero = (value: string) => !value.startsWith("0000");

/** A calendar date `YYYY-MM-DD` that PostgreSQL's `date` stores (years 0001 to 9999). */
export const calendarDate = z.iso
  .date("A date as YYYY-MM-DD")
  .refine(notYearZero, "A date as YYYY-MM-DD");

/** An instant with microseconds, as PostgreSQL renders a `timestamptz` in UTC. */
export const storableTimestamp = z.iso
  .datetime({ precision: 6 })
  .refine(notYearZero, "A timestamp from year 0001 on");
