import { z } from "zod";

/**
 * An IANA time zone name ("Asia/Tokyo", "UTC"), answered in its canonical spelling. Offsets and
 * POSIX strings are refused: PostgreSQL reads "+09:00" or "UTC+9" with the sign inverted, so
 * only names that start with a letter and that ICU knows reach a query.
 */
export const timeZone = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/, "An IANA time zone, like Europe/Paris")
  .transform((name, context) => {
    try {
      return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      context.addIssue({ code: "custom", message: "Unknown time zone" });
      return z.NEVER;
    }
  });
