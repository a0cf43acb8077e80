import { z } from "zod";

/**
 * Text as people type it. PostgreSQL cannot store NUL (an insert fails), and no person types
 * other control characters or half a surrogate pair into a name, a title or a search box: such
 * input is refused with a 400 naming the field, never stored and never a 500.
 */
const isControl = (code: number) => code < 0x20 || code === 0x7f;
// Tabs and line breaks belong in multi-line text (a task's description); other controls do not.
const LINE_BREAKS = new Set([0x09, 0x0a, 0x0d]);

function hasControl(text: string, allowed: ReadonlySet<number> = new Set()): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isControl(code) && !allowed.has(code)) return true;
  }
  return false;
}

const wellFormed = (text: string) => text.isWellFormed();

export const singleLineText = z
  .string()
  .refine(wellFormed, "Contains characters that are not valid text")
  .refine((text) => !hasControl(text), "Contains control characters");

export const multiLineText = z
  .string()
  .refine(wellFormed, "Contains characters that are not valid text")
  .refine((text) => !hasControl(text, LINE_BREAKS), "Contains control characters");

/** Any text PostgreSQL can hold (no NUL, no half surrogate pair), e.g. a key inside a cursor. */
export const storableText = z
  .string()
  .refine(wellFormed, "Contains characters that are not valid text")
  .refine((text) => !text.includes("\u0000"), "Contains a NUL character");

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
