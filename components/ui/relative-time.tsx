"use client";

import { LOCALE } from "@/lib/client/dates";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/**
 * "5 minutes ago", with the exact time on hover. The server renders it in its own time zone
 * and clock; the browser's version replaces it, hence the suppressed hydration warning.
 */
export function RelativeTime({ iso }: { iso: string }) {
  const exact = new Intl.DateTimeFormat(LOCALE, {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
  return (
    <time dateTime={iso} title={exact} suppressHydrationWarning>
      {relativeTime(iso)}
    </time>
  );
}
