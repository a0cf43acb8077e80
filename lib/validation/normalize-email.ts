/** Emails are compared case-insensitively and without surrounding spaces, everywhere. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
